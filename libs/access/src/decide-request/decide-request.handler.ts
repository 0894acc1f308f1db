import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  SEPARATION_OF_DUTIES_REASON,
  separationOfDutiesForbids,
} from '../../../authz/src/separation-of-duties';
import { record } from '../../../authz/src/subjects';
import { SecretVault } from '../../../catalog/src/secrets/secret-vault';
import { DomainError } from '../../../common/src/domain-error';
import { toMetadata } from '../../../common/src/request-context';
import { Database, type Sql } from '../../../database/src/database';
import { EventStore } from '../../../event-store/src/event-store';
import { runAccessCommand } from '../access-command';
import { approvalPolicy, DEFAULT_GRANT_SECONDS, separationOfDuties } from '../access.policy';
import { findRequest } from '../access.read';
import { findJoined, requestView } from '../list-access/list-access.read';
import type { AccessRequestDto } from '../list-access/list-access.dto';
import { DecideRequestCommand } from './decide-request.command';

/**
 * Approve or deny. For a per-agent tool the approver supplies the agent's own secret, stored
 * in the same transaction as the approval so a grant never exists without its secret.
 */
@CommandHandler(DecideRequestCommand)
export class DecideRequestHandler implements ICommandHandler<DecideRequestCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SecretVault) private readonly vault: SecretVault,
  ) {}

  async execute({ requestId, decision, ability, ctx }: DecideRequestCommand): Promise<AccessRequestDto> {
    const orgId = ctx.orgId!;
    const request = await findRequest(this.db, orgId, requestId);
    if (!ability.can(decision.kind, record('AccessRequest', { tool_id: request.tool_id }))) {
      throw new DomainError('forbidden', 'forbidden', `you may not ${decision.kind} requests for this tool`);
    }
    const [tool] = await this.db.query<{ credential_mode: string }>(
      'SELECT credential_mode FROM tools WHERE id = $1',
      [request.tool_id],
    );
    const perAgent = tool?.credential_mode === 'per_agent';
    if (decision.kind === 'approve' && perAgent && decision.credential === undefined) {
      throw new DomainError(
        'invalid',
        'validation',
        'this tool gives each agent its own secret: send it as `credential`',
        {
          errors: [{ field: 'credential', message: 'is required for per-agent tools' }],
        },
      );
    }
    if (decision.kind === 'approve' && !perAgent && decision.credential !== undefined) {
      throw new DomainError(
        'invalid',
        'validation',
        'this tool shares one secret: set it on the tool, not on the approval',
        {
          errors: [{ field: 'credential', message: 'is only for per-agent tools' }],
        },
      );
    }
    if (decision.kind === 'approve')
      await this.checkSeparationOfDuties(orgId, request.agent_id, ctx.actor.id);
    const policy = await approvalPolicy(this.db, request.tool_id);
    await this.db.transaction(async (tx) => {
      const command =
        decision.kind === 'approve'
          ? {
              kind: 'approve' as const,
              memberId: ctx.actor.id,
              note: decision.note,
              durationSeconds: decision.durationSeconds,
              now: new Date(),
              requiredApprovals: policy.requiredApprovals,
              maxDurationSeconds: policy.maxDurationSeconds,
              defaultDurationSeconds: DEFAULT_GRANT_SECONDS,
            }
          : { kind: 'deny' as const, memberId: ctx.actor.id, reason: decision.reason };
      const { types } = await runAccessCommand(tx, this.store, requestId, command, ctx);
      if (
        types.includes('AccessApproved') &&
        decision.kind === 'approve' &&
        decision.credential !== undefined
      ) {
        await this.storeAgentSecret(tx, orgId, request.tool_id, request.agent_id, decision.credential, ctx);
      }
    });
    const joined = await findJoined(this.db, orgId, requestId);
    return requestView(joined!);
  }

  private async checkSeparationOfDuties(orgId: string, agentId: string, memberId: string): Promise<void> {
    const [agent] = await this.db.query<{ registered_by: string }>(
      'SELECT registered_by FROM agents WHERE id = $1',
      [agentId],
    );
    const ruleOn = await separationOfDuties(this.db, orgId);
    if (separationOfDutiesForbids({ ruleOn, agentRegisteredBy: agent?.registered_by, memberId })) {
      throw new DomainError('forbidden', 'separation-of-duties', SEPARATION_OF_DUTIES_REASON);
    }
  }

  private async storeAgentSecret(
    tx: Sql,
    orgId: string,
    toolId: string,
    agentId: string,
    credential: string | Record<string, string>,
    ctx: DecideRequestCommand['ctx'],
  ): Promise<void> {
    const [{ next }] = await tx.query<{ next: number }>(
      'SELECT coalesce(max(version), 0) + 1 AS next FROM secret_versions WHERE tool_id = $1 AND scope = $2',
      [toolId, agentId],
    );
    await this.vault.store(tx, { orgId, toolId, scope: agentId, version: next, credential });
    await this.store.appendIn(
      tx,
      `tool-${toolId}`,
      'any',
      [
        {
          type: 'ToolSecretRotated',
          data: {
            tool_id: toolId,
            version: next,
            fingerprint: this.vault.fingerprint(credential),
            scope: agentId,
          },
        },
      ],
      toMetadata(ctx),
    );
  }
}
