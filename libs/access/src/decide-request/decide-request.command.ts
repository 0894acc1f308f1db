import { Command } from '@nestjs/cqrs';
import type { AppAbility } from '../../../authz/src/subjects';
import type { RequestContext } from '../../../common/src/request-context';
import type { AccessRequestDto } from '../list-access/list-access.dto';

export type Decision =
  | {
      kind: 'approve';
      note: string | null;
      durationSeconds: number | null;
      credential?: string | Record<string, string>;
    }
  | { kind: 'deny'; reason: string };

export class DecideRequestCommand extends Command<AccessRequestDto> {
  constructor(
    readonly requestId: string,
    readonly decision: Decision,
    readonly ability: AppAbility,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
