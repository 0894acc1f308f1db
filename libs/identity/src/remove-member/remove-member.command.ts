import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { MemberView } from '../members.read';

export class RemoveMemberCommand extends Command<MemberView> {
  constructor(
    readonly memberId: string,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
