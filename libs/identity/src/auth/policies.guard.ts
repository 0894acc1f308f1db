import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Action, SubjectName } from '../../../authz/src/subjects';
import { DomainError } from '../../../common/src/domain-error';
import type { MemberRequest } from './member-principal';

export interface Policy {
  action: Action;
  subject: SubjectName;
}

export const POLICY = 'keyledger:policy';
export const RequirePolicy = (policy: Policy) => SetMetadata(POLICY, policy);

/** The coarse check on the route; handlers add record-level checks after loading. */
@Injectable()
export class PoliciesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const policy = this.reflector.get<Policy | undefined>(POLICY, context.getHandler());
    if (!policy) return true;
    const request = context.switchToHttp().getRequest<MemberRequest>();
    if (!request.ability?.can(policy.action, policy.subject)) {
      throw new DomainError(
        'forbidden',
        'forbidden',
        `your role (${request.member?.role ?? 'none'}) may not ${policy.action} ${policy.subject}`,
      );
    }
    return true;
  }
}
