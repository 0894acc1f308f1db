import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SecretVault } from '../../../catalog/src/secrets/secret-vault';
import { toMetadata } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { EventStoreUnavailableError } from '../../../event-store/src/errors';
import { EventStore } from '../../../event-store/src/event-store';
import { LogMac } from '../../../event-store/src/log-mac';
import { accessStream, type AccessStatus, type CredentialDenied, type DenialReason } from '../access.events';
import { unknownTool, yourAccess } from '../access.read';
import { VendCredentialCommand } from './vend-credential.command';
import type { CredentialResponseDto } from './vend-credential.dto';
import { VendRefusal } from './vend-refusal';
import { vendInOneStatement } from './vend-statement';

interface Lookup {
  tool_status: string;
  credential_mode: 'shared' | 'per_agent';
  grant_id: string | null;
  status: AccessStatus | null;
  expires_at: Date | null;
}

// The tool and this agent's latest access stream for it, in one prepared round trip.
const LOOKUP = `
  SELECT t.status AS tool_status, t.credential_mode, r.id AS grant_id, r.status, r.expires_at
  FROM tools t
  LEFT JOIN LATERAL (
    SELECT id, status, expires_at FROM access_requests
    WHERE agent_id = $3 AND tool_id = t.id ORDER BY requested_at DESC, id DESC LIMIT 1
  ) r ON true
  WHERE t.id = $1 AND t.org_id = $2`;

/**
 * A fetch is checked at this instant and recorded before the secret leaves: the decision and
 * the CredentialVended append are one statement in one transaction (docs/adr/0004, 0008). If
 * the log cannot record it, the agent gets 503 and no secret. Refusals are recorded as
 * CredentialDenied with the reason.
 */
@CommandHandler(VendCredentialCommand)
export class VendCredentialHandler implements ICommandHandler<VendCredentialCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SecretVault) private readonly vault: SecretVault,
    @Inject(LogMac) private readonly mac: LogMac,
  ) {}

  async execute({ agent, toolId, ctx }: VendCredentialCommand): Promise<CredentialResponseDto> {
    const [found] = await this.db.prepared<Lookup>('keyledger_vend_lookup', LOOKUP, [
      toolId,
      agent.orgId,
      agent.id,
    ]);
    if (!found) throw unknownTool(toolId);
    const access = yourAccess(
      found.grant_id ? { status: found.status!, expires_at: found.expires_at } : null,
    );
    try {
      if (agent.suspended) throw new VendRefusal('suspended');
      if (found.tool_status !== 'active') throw new VendRefusal('tool_retired');
      if (!found.grant_id || access !== 'approved') {
        throw new VendRefusal(access === 'none' ? 'no_grant' : (access as DenialReason));
      }
      const scope = found.credential_mode === 'per_agent' ? agent.id : null;
      const row = await this.record(() =>
        vendInOneStatement(this.db, this.mac, {
          grantId: found.grant_id!,
          keyId: agent.keyId,
          agentId: agent.id,
          toolId,
          scope,
          metadata: toMetadata(ctx),
        }),
      );
      const secret = this.vault.decryptRow({
        ...row,
        tool_id: toolId,
        scope: scope ?? '',
        version: row.secret_version,
      });
      return {
        tool_id: toolId,
        tool_name: row.tool_name,
        auth_type: row.auth_type,
        credential: secret.credential,
        instructions: row.instructions,
        secret_version: row.secret_version,
        expires_at: row.expires_at?.toISOString() ?? null,
        grant_id: found.grant_id,
      };
    } catch (error) {
      if (!(error instanceof VendRefusal)) throw error;
      await this.recordDenial(found.grant_id, agent, toolId, error.reason, ctx);
      throw error.toProblem(toolId);
    }
  }

  /** Whatever fails while recording, nothing was recorded: no secret leaves (503). */
  private async record<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof VendRefusal) throw error;
      throw error instanceof EventStoreUnavailableError ? error : new EventStoreUnavailableError(error);
    }
  }

  private async recordDenial(
    grantId: string | null,
    agent: { id: string; orgId: string; keyId: string },
    toolId: string,
    reason: DenialReason,
    ctx: VendCredentialCommand['ctx'],
  ): Promise<void> {
    const denied: CredentialDenied = {
      grant_id: grantId,
      agent_id: agent.id,
      tool_id: toolId,
      key_id: agent.keyId,
      reason,
    };
    // With no access stream yet, the denial goes on the agent's own stream.
    const stream = grantId ? accessStream(grantId) : `agent-${agent.id}`;
    await this.store.append(
      stream,
      'any',
      [{ type: 'CredentialDenied', data: { ...denied } }],
      toMetadata(ctx),
    );
  }
}
