import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { toMetadata } from '../../../common/src/request-context';
import { Database, type Sql } from '../../../database/src/database';
import { EventStoreUnavailableError } from '../../../event-store/src/errors';
import { EventStore } from '../../../event-store/src/event-store';
import { SecretVault } from '../../../catalog/src/secrets/secret-vault';
import {
  accessStream,
  type CredentialDenied,
  type CredentialVended,
  type DenialReason,
} from '../access.events';
import { findToolForAgent, latestAccess, yourAccess } from '../access.read';
import { VendCredentialCommand } from './vend-credential.command';
import type { CredentialResponseDto } from './vend-credential.dto';
import { VendRefusal } from './vend-refusal';

interface Locked {
  status: string;
  expires_at: Date | null;
  agent_status: string;
  key_status: string;
  tool_status: string;
  tool_name: string;
  auth_type: string;
  credential_mode: 'shared' | 'per_agent';
  instructions: string;
}

// Taken after the CredentialVended append has locked the access stream's row: the grant,
// agent and key rows are share-locked until commit, so a revocation, suspension or key
// revocation waits for this fetch to finish, and any fetch after it sees the change.
const LOCK_AND_CHECK = `
  SELECT r.status, r.expires_at, a.status AS agent_status, k.status AS key_status, t.status AS tool_status,
         t.name AS tool_name, t.auth_type, t.credential_mode, t.instructions
  FROM access_requests r
  JOIN agents a ON a.id = r.agent_id
  JOIN agent_keys k ON k.id = $2 AND k.agent_id = r.agent_id
  JOIN tools t ON t.id = r.tool_id
  WHERE r.id = $1
  FOR SHARE OF r, a, k, t`;

/**
 * The credential leaves the process only after CredentialVended has committed (fail closed):
 * if the log cannot record the fetch, the agent gets 503 and no secret.
 */
@CommandHandler(VendCredentialCommand)
export class VendCredentialHandler implements ICommandHandler<VendCredentialCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SecretVault) private readonly vault: SecretVault,
  ) {}

  async execute({ agent, toolId, ctx }: VendCredentialCommand): Promise<CredentialResponseDto> {
    const tool = await findToolForAgent(this.db, agent.orgId, toolId);
    const latest = await latestAccess(this.db, agent.id, toolId);
    const access = yourAccess(latest);
    try {
      if (agent.suspended) throw new VendRefusal('suspended');
      if (tool.status !== 'active') throw new VendRefusal('tool_retired');
      if (!latest || access !== 'approved')
        throw new VendRefusal(access === 'none' ? 'no_grant' : (access as DenialReason));
      const scope = tool.credential_mode === 'per_agent' ? agent.id : null;
      return await this.vend(latest.id, agent.keyId, { ...agent }, toolId, scope, ctx);
    } catch (error) {
      if (!(error instanceof VendRefusal)) throw error;
      await this.recordDenial(latest?.id ?? null, agent, toolId, error.reason, ctx);
      throw error.toProblem(toolId);
    }
  }

  private async vend(
    grantId: string,
    keyId: string,
    agent: { id: string; orgId: string },
    toolId: string,
    secretScope: string | null,
    ctx: VendCredentialCommand['ctx'],
  ): Promise<CredentialResponseDto> {
    try {
      return await this.db.transaction(async (tx: Sql) => {
        const secret = await this.vault.readCurrent(tx, { orgId: agent.orgId, toolId, scope: secretScope });
        if (!secret) throw new VendRefusal('no_secret');
        const vended: CredentialVended = {
          grant_id: grantId,
          agent_id: agent.id,
          tool_id: toolId,
          key_id: keyId,
          secret_version: secret.version,
        };
        await this.store.appendIn(
          tx,
          accessStream(grantId),
          'any',
          [{ type: 'CredentialVended', data: { ...vended } }],
          toMetadata(ctx),
        );
        const [row] = await tx.query<Locked>(LOCK_AND_CHECK, [grantId, keyId]);
        const refusal = this.refusal(row);
        if (refusal) throw new VendRefusal(refusal);
        return {
          tool_id: toolId,
          tool_name: row.tool_name,
          auth_type: row.auth_type,
          credential: secret.credential,
          instructions: row.instructions,
          secret_version: secret.version,
          expires_at: row.expires_at?.toISOString() ?? null,
          grant_id: grantId,
        };
      });
    } catch (error) {
      if (error instanceof VendRefusal) throw error;
      // Whatever failed, the fetch was not recorded: no secret leaves.
      throw error instanceof EventStoreUnavailableError ? error : new EventStoreUnavailableError(error);
    }
  }

  private refusal(row: Locked | undefined): DenialReason | null {
    if (!row) return 'no_grant';
    if (row.agent_status !== 'active') return 'suspended';
    if (row.key_status !== 'active') return 'revoked';
    if (row.tool_status !== 'active') return 'tool_retired';
    if (row.status !== 'approved') return row.status === 'pending' ? 'pending' : (row.status as DenialReason);
    if (row.expires_at && row.expires_at <= new Date()) return 'expired';
    return null;
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
