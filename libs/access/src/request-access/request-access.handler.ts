import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../common/src/domain-error';
import { systemContext } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { ConcurrencyError } from '../../../event-store/src/errors';
import { EventStore } from '../../../event-store/src/event-store';
import { runAccessCommand } from '../access-command';
import { approvalPolicy } from '../access.policy';
import { findToolForAgent, latestAccess, yourAccess } from '../access.read';
import { AccessRequestedNotice } from './access-requested.notice';
import { RequestAccessCommand } from './request-access.command';
import type { RequestAccessResponseDto } from './request-access.dto';

/**
 * One open request per agent and tool: asking again while pending (or approved) answers the
 * same request; after a denial, revocation or expiry a new access stream opens.
 */
@CommandHandler(RequestAccessCommand)
export class RequestAccessHandler implements ICommandHandler<RequestAccessCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  async execute(command: RequestAccessCommand): Promise<RequestAccessResponseDto> {
    const { agent, toolId, ctx } = command;
    const tool = await findToolForAgent(this.db, agent.orgId, toolId);
    if (tool.status !== 'active') {
      throw new DomainError(
        'conflict',
        'tool-retired',
        `${tool.name} has been retired from the catalog; it cannot be requested`,
      );
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const latest = await latestAccess(this.db, agent.id, toolId);
      const access = yourAccess(latest);
      if (latest && access === 'pending') {
        return {
          request_id: latest.id,
          status: 'pending',
          message: 'Your request is already waiting for a human to approve it.',
        };
      }
      if (latest && access === 'approved') {
        return {
          request_id: latest.id,
          status: 'approved',
          message: 'You already have access: fetch the credential.',
        };
      }
      try {
        if (latest && latest.status === 'approved') {
          // Past its expiry but not yet recorded as expired: record it, then open a new stream.
          await this.db.transaction((tx) =>
            runAccessCommand(
              tx,
              this.store,
              latest.id,
              { kind: 'expire', now: new Date() },
              systemContext(agent.orgId),
            ),
          );
        }
        const requestId = randomUUID();
        await this.db.transaction((tx) =>
          runAccessCommand(
            tx,
            this.store,
            requestId,
            {
              kind: 'request',
              requestId,
              orgId: agent.orgId,
              agentId: agent.id,
              toolId,
              reason: command.reason,
              durationSeconds: command.durationSeconds,
            },
            ctx,
          ),
        );
        await this.autoApprove(requestId, command, tool.credential_mode);
        this.events.publish(new AccessRequestedNotice(requestId, agent.orgId, agent.id, toolId));
        const after = await latestAccess(this.db, agent.id, toolId);
        const approved = after?.id === requestId && after.status === 'approved';
        return {
          request_id: requestId,
          status: approved ? 'approved' : 'pending',
          message: approved
            ? 'Approved by policy: fetch the credential.'
            : 'Your request is waiting for a human to approve it.',
        };
      } catch (error) {
        // Another request for the same tool won the race: answer that one on the next pass.
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
    throw new DomainError(
      'conflict',
      'request-conflict',
      'a concurrent request for this tool is in progress; try again',
    );
  }

  /**
   * A tool may approve requests from listed agents (or all) by policy, up to a duration. The
   * grant records the system as actor and the rule that fired, caused by the request.
   */
  private async autoApprove(requestId: string, command: RequestAccessCommand, mode: string): Promise<void> {
    const policy = await approvalPolicy(this.db, command.toolId);
    const rule = policy.autoApprove;
    if (!rule || mode !== 'shared') return;
    if (rule.agents !== 'all' && !rule.agents.includes(command.agent.id)) return;
    const cap = Math.min(rule.max_duration_seconds, policy.maxDurationSeconds ?? Infinity);
    const ctx = {
      ...command.ctx,
      actor: { type: 'system' as const, id: 'auto-approve', name: 'Auto-approval policy' },
      causationId: requestId,
    };
    await this.db.transaction((tx) =>
      runAccessCommand(
        tx,
        this.store,
        requestId,
        {
          kind: 'approve',
          memberId: 'system:auto-approve',
          note: 'approved automatically by the tool’s policy',
          durationSeconds: null,
          now: new Date(),
          requiredApprovals: 1,
          maxDurationSeconds: cap,
          defaultDurationSeconds: cap,
          rule: rule.agents === 'all' ? 'auto_approve:all_agents' : 'auto_approve:listed_agent',
        },
        ctx,
      ),
    );
  }
}
