import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { MemberView } from '../members.read';
import type { UpdateMemberDto } from './update-member.dto';

export class UpdateMemberCommand extends Command<MemberView> {
  constructor(
    readonly memberId: string,
    readonly changes: UpdateMemberDto,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
