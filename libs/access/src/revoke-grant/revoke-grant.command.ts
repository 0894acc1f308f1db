import { Command } from '@nestjs/cqrs';
import type { AppAbility } from '../../../authz/src/subjects';
import type { RequestContext } from '../../../common/src/request-context';
import type { GrantDto } from '../list-access/list-access.dto';

export class RevokeGrantCommand extends Command<GrantDto> {
  constructor(
    readonly grantId: string,
    readonly reason: string,
    readonly ability: AppAbility,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
