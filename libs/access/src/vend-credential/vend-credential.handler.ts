import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SecretVault } from '../../../catalog/src/secrets/secret-vault';
import { toMetadata } from '../../../common/src/request-context';
import { Database } from '../../../database/src/database';
import { EventStoreUnavailableError } from '../../../event-store/src/errors';
import type { EventMetadata } from '../../../event-store/src/event';
import { Recorder, type RecordOutcome } from '../../../event-store/src/recorder/recorder';
import { EventStore } from '../../../event-store/src/event-store';
import {
  accessStream,
  type AccessStatus,
  type CredentialDenied,
  type CredentialVended,
  type DenialReason,
} from '../access.events';
import { unknownTool, yourAccess } from '../access.read';
import { GrantCache } from './grant-cache';
import { VendCredentialCommand } from './vend-credential.command';
import type { CredentialResponseDto } from './vend-credential.dto';
import { VendRefusal } from './vend-refusal';

interface Lookup {
  tool_status: string;
  grant_id: string | null;
  status: AccessStatus | null;
  expires_at: Date | null;
}

// The tool and this agent's latest access stream for it, in one prepared round trip.
const LOOKUP = `
  SELECT t.status AS tool_status, r.id AS grant_id, r.status, r.expires_at
  FROM tools t
  LEFT JOIN LATERAL (
    SELECT id, status, expires_at FROM access_requests
    WHERE agent_id = $3 AND tool_id = t.id ORDER BY requested_at DESC, id DESC LIMIT 1
  ) r ON true
  WHERE t.id = $1 AND t.org_id = $2`;

/** Refusals a newer grant than the one remembered could answer differently. */
const ABOUT_THE_GRANT: ReadonlySet<DenialReason> = new Set([
  'no_grant',
  'pending',
  'denied',
  'revoked',
  'expired',
]);

type Agent = VendCredentialCommand['agent'];

/**
 * A fetch is checked at this instant and recorded before the secret leaves: the recorder
 * checks grant, agent, key and tool in the transaction that appends CredentialVended, together
 * with the fetches that arrived alongside it (group commit, docs/adr/0022; revocation by the
 * locks of docs/adr/0004). If the log cannot record it, the agent gets 503 and no secret.
 * Refusals are recorded as CredentialDenied with the reason, through the same recorder.
 *
 * The grant an agent last fetched a tool under is remembered per instance, so a fetch is one
 * batched statement; the lookup runs on the first fetch and after a refusal about the grant.
 */
@CommandHandler(VendCredentialCommand)
export class VendCredentialHandler implements ICommandHandler<VendCredentialCommand> {
  private readonly grants = new GrantCache();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(Recorder) private readonly recorder: Recorder,
    @Inject(SecretVault) private readonly vault: SecretVault,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ agent, toolId, ctx }: VendCredentialCommand): Promise<CredentialResponseDto> {
    const metadata = toMetadata(ctx);
    const remembered = agent.suspended ? undefined : this.grants.get(agent.id, toolId);
    if (remembered) {
      const outcome = await this.vend(remembered, agent, toolId, metadata);
      if (outcome.recorded) return this.answer(outcome, remembered, agent, toolId);
      if (!ABOUT_THE_GRANT.has(outcome.refused)) {
        return this.refuse(remembered, agent, toolId, outcome.refused, metadata);
      }
      this.grants.drop(agent.id, toolId);
    }
    const [found] = await this.db.prepared<Lookup>('keyledger_vend_grant', LOOKUP, [
      toolId,
      agent.orgId,
      agent.id,
    ]);
    if (!found) throw unknownTool(toolId);
    const access = yourAccess(
      found.grant_id ? { status: found.status!, expires_at: found.expires_at } : null,
    );
    const grantId = found.grant_id;
    if (agent.suspended) return this.refuse(grantId, agent, toolId, 'suspended', metadata);
    if (found.tool_status !== 'active') return this.refuse(grantId, agent, toolId, 'tool_retired', metadata);
    if (!grantId || access !== 'approved') {
      const reason = access === 'none' ? 'no_grant' : (access as DenialReason);
      return this.refuse(grantId, agent, toolId, reason, metadata);
    }
    const outcome = await this.vend(grantId, agent, toolId, metadata);
    if (!outcome.recorded) return this.refuse(grantId, agent, toolId, outcome.refused, metadata);
    this.grants.set(agent.id, toolId, grantId);
    return this.answer(outcome, grantId, agent, toolId);
  }

  private vend(
    grantId: string,
    agent: Agent,
    toolId: string,
    metadata: EventMetadata,
  ): Promise<RecordOutcome> {
    const data: Omit<CredentialVended, 'secret_version'> = {
      grant_id: grantId,
      agent_id: agent.id,
      tool_id: toolId,
      key_id: agent.keyId,
    };
    return this.recorded(() =>
      this.recorder.record({
        type: 'CredentialVended',
        data: { ...data },
        metadata,
        guard: { grantId, agentId: agent.id, keyId: agent.keyId, toolId },
      }),
    );
  }

  private answer(
    outcome: Extract<RecordOutcome, { recorded: true }>,
    grantId: string,
    agent: Agent,
    toolId: string,
  ): CredentialResponseDto {
    const row = outcome.secret!;
    const secret = this.vault.decryptRow({ ...row, tool_id: toolId, version: row.secret_version });
    return {
      tool_id: toolId,
      tool_name: row.tool_name,
      auth_type: row.auth_type,
      credential: secret.credential,
      instructions: row.instructions,
      secret_version: row.secret_version,
      expires_at: row.expires_at?.toISOString() ?? null,
      grant_id: grantId,
    };
  }

  /** Records the refusal as CredentialDenied, then answers it (403, or 409 without a secret). */
  private async refuse(
    grantId: string | null,
    agent: Agent,
    toolId: string,
    reason: DenialReason,
    metadata: EventMetadata,
  ): Promise<never> {
    const denied: CredentialDenied = {
      grant_id: grantId,
      agent_id: agent.id,
      tool_id: toolId,
      key_id: agent.keyId,
      reason,
    };
    // With no access stream yet, the denial goes on the agent's own stream.
    await this.recorded(() =>
      this.recorder.record({
        streamId: grantId ? accessStream(grantId) : `agent-${agent.id}`,
        type: 'CredentialDenied',
        eventVersion: this.store.upcasters.currentVersion('CredentialDenied'),
        data: { ...denied },
        metadata,
      }),
    );
    throw new VendRefusal(reason).toProblem(toolId);
  }

  /** Whatever fails while recording, nothing was recorded for this caller: no secret leaves (503). */
  private async recorded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw error instanceof EventStoreUnavailableError ? error : new EventStoreUnavailableError(error);
    }
  }
}
