import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AppAbility } from '../../../authz/src/subjects';
import type { MemberPrincipal, MemberRequest } from './member-principal';

export const CurrentMember = createParamDecorator(
  (_data: unknown, host: ExecutionContext): MemberPrincipal =>
    host.switchToHttp().getRequest<MemberRequest>().member!,
);

export const CurrentAbility = createParamDecorator(
  (_data: unknown, host: ExecutionContext): AppAbility =>
    host.switchToHttp().getRequest<MemberRequest>().ability!,
);
