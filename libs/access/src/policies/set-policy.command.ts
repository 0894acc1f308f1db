import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../common/src/request-context';
import type { ToolPolicyChanged } from './policy.events';

export class SetToolPolicyCommand extends Command<ToolPolicyChanged> {
  constructor(
    readonly toolId: string,
    readonly policy: Omit<ToolPolicyChanged, 'tool_id'>,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}

export class SetOrgPolicyCommand extends Command<{ separation_of_duties: boolean }> {
  constructor(
    readonly separationOfDuties: boolean,
    readonly reason: string,
    readonly ctx: RequestContext,
  ) {
    super();
  }
}
