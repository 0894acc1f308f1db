import { Command } from '@nestjs/cqrs';
import type { AppAbility } from '../../../authz/src/subjects';
import type { RequestContext } from '../../../common/src/request-context';
import type { MemberView } from '../members.read';
import type { AddMemberDto } from './add-member.dto';

export class AddMemberCommand extends Command<MemberView> {
  constructor(
    readonly fields: AddMemberDto,
    readonly ability: AppAbility,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
