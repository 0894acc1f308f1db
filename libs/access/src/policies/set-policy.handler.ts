import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../common/src/domain-error';
import { toMetadata } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { handleWithDecider } from '../../../event-store/src/decider';
import { EventStore } from '../../../event-store/src/event-store';
import { findToolForAgent } from '../access.read';
import { orgPolicyDecider } from './org-policy.decider';
import type { ToolPolicyChanged } from './policy.events';
import { SetOrgPolicyCommand, SetToolPolicyCommand } from './set-policy.command';

function invalid(field: string, message: string): DomainError {
  return new DomainError('invalid', 'validation', `${field}: ${message}`, { errors: [{ field, message }] });
}

/** A tool's approval policy is a fact on the tool's stream, like everything else. */
@CommandHandler(SetToolPolicyCommand)
export class SetToolPolicyHandler implements ICommandHandler<SetToolPolicyCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ toolId, policy, ctx }: SetToolPolicyCommand): Promise<ToolPolicyChanged> {
    const tool = await findToolForAgent(this.db, ctx.orgId!, toolId);
    if (tool.status !== 'active')
      throw new DomainError('conflict', 'tool-retired', `${tool.name} is retired`);
    const rule = policy.auto_approve;
    if (rule) {
      const agents = rule.agents;
      if (
        agents !== 'all' &&
        !(Array.isArray(agents) && agents.length > 0 && agents.every((a) => typeof a === 'string'))
      ) {
        throw invalid('auto_approve.agents', 'must be "all" or a non-empty list of agent ids');
      }
      if (Array.isArray(agents)) {
        const known = await this.db.query<{ id: string }>(
          'SELECT id FROM agents WHERE org_id = $1 AND id = ANY($2)',
          [ctx.orgId, agents],
        );
        if (known.length !== new Set(agents).size)
          throw invalid('auto_approve.agents', 'lists an agent that is not in this org');
      }
      if (tool.credential_mode === 'per_agent') {
        throw invalid('auto_approve', 'per-agent tools need an approver to supply each agent’s secret');
      }
    }
    const data: ToolPolicyChanged = { tool_id: toolId, ...policy };
    await this.store.append(
      `tool-${toolId}`,
      'any',
      [{ type: 'ToolPolicyChanged', data: { ...data } }],
      toMetadata(ctx),
    );
    return data;
  }
}

/** Only owners get here (CASL `update OrgPolicy`); the change records its from, to and reason. */
@CommandHandler(SetOrgPolicyCommand)
export class SetOrgPolicyHandler implements ICommandHandler<SetOrgPolicyCommand> {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async execute({
    separationOfDuties,
    reason,
    ctx,
  }: SetOrgPolicyCommand): Promise<{ separation_of_duties: boolean }> {
    const { state } = await handleWithDecider(
      this.store,
      `org-${ctx.orgId}`,
      orgPolicyDecider,
      { orgId: ctx.orgId!, on: separationOfDuties, reason },
      toMetadata(ctx),
    );
    return { separation_of_duties: state.separationOfDuties };
  }
}
