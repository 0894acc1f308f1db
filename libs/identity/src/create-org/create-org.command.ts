import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { MemberPrincipal } from '../auth/member-principal';
import type { CreateOrgResponseDto } from './create-org.dto';

export class CreateOrgCommand extends Command<CreateOrgResponseDto> {
  constructor(
    readonly name: string,
    readonly caller: MemberPrincipal,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
