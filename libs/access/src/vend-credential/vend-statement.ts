import { randomUUID } from 'node:crypto';
import type { SecretRow } from '../../../catalog/src/secrets/secret-row';
import type { CredentialFormat } from '../../../catalog/src/secrets/credential';
import type { EventMetadata } from '../../../event-store/src/event';
import type { Database } from '../../../database/src/database';
import type { LogMac } from '../../../event-store/src/log-mac';
import type { DenialReason } from '../access.events';
import { VendRefusal } from './vend-refusal';

export interface VendedRow extends Omit<SecretRow, 'version' | 'tool_id' | 'scope'> {
  secret_version: number;
  format: CredentialFormat;
  tool_name: string;
  auth_type: string;
  instructions: string;
  expires_at: Date | null;
}

const REFUSED = /^keyledger:refused:([a-z_]+)$/;

/**
 * One statement, one round trip, its own transaction: keyledger_vend (migration
 * 1764400010000) locks, checks, reads the secret version and appends CredentialVended, or
 * raises and changes nothing. It commits before this resolves, so the secret leaves after
 * the record exists (fail closed). The event's MAC goes along, computed over what the service
 * states (the secret version is the database's to fill in: docs/adr/0014).
 */
export async function vendInOneStatement(
  db: Database,
  mac: LogMac,
  input: {
    grantId: string;
    keyId: string;
    agentId: string;
    toolId: string;
    scope: string | null;
    metadata: EventMetadata;
  },
): Promise<VendedRow> {
  const eventId = randomUUID();
  const stated = mac.eventMac({
    event_id: eventId,
    stream_id: `access-${input.grantId}`,
    org_id: input.metadata.org_id ?? null,
    type: 'CredentialVended',
    event_version: 1,
    data: { grant_id: input.grantId, agent_id: input.agentId, tool_id: input.toolId, key_id: input.keyId },
    metadata: input.metadata,
  });
  try {
    const [row] = await db.prepared<VendedRow>(
      'keyledger_vend',
      'SELECT * FROM keyledger_vend($1, $2, $3, $4, $5, $6, $7, $8)',
      [
        input.grantId,
        input.keyId,
        input.agentId,
        input.toolId,
        input.scope ?? '',
        eventId,
        JSON.stringify(input.metadata),
        stated,
      ],
    );
    return row;
  } catch (error) {
    const refused = REFUSED.exec((error as Error).message ?? '');
    if (refused) throw new VendRefusal(refused[1] as DenialReason);
    throw error;
  }
}
