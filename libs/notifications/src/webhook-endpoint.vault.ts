import { Inject, Injectable } from '@nestjs/common';
import type { Runtime } from '../../common/src/runtime';
import { RUNTIME } from '../../common/src/tokens';
import { decryptSecret, encryptSecret, type EnvelopeColumns, fromColumns } from '../../crypto/src/envelope';
import { fingerprint } from '../../crypto/src/fingerprint';
import { KeyRing } from '../../crypto/src/key-ring';
import type { SecretContext } from '../../crypto/src/secret-context';
import type { Database, Sql } from '../../database/src/database';
import { ENVELOPE_COLUMNS, envelopeValues, rewrapEnvelopeTable } from './envelope-table';

/** A webhook's full URL and signing secret: credentials (a Slack URL is a bearer token). */
export interface WebhookEndpoint {
  url: string;
  secret: string | null;
}

interface EndpointRow extends EnvelopeColumns {
  webhook_id: string;
  org_id: string;
}

// The AAD binds the ciphertext to its org and webhook, so a row copied onto another fails.
const contextOf = (orgId: string, webhookId: string): SecretContext => ({
  orgId,
  toolId: `webhook:${webhookId}`,
  version: 1,
  scope: 'endpoint',
});

/**
 * Envelope-encrypted endpoints, written in the transaction that appends WebhookCreated. Not a
 * projection: a rebuild never touches it. Master-key rotation re-wraps them with the tools'
 * secrets (`rewrapWebhookEndpoints`).
 */
@Injectable()
export class WebhookEndpointVault {
  private readonly ring: KeyRing;

  constructor(@Inject(RUNTIME) runtime: Pick<Runtime, 'masterKeys'>) {
    this.ring = KeyRing.fromNewestFirst(runtime.masterKeys);
  }

  /** The keyed fingerprint WebhookCreated records in place of the URL. */
  fingerprint(url: string): string {
    return fingerprint(this.ring, url);
  }

  async store(tx: Sql, orgId: string, webhookId: string, endpoint: WebhookEndpoint): Promise<void> {
    const sealed = encryptSecret(this.ring, JSON.stringify(endpoint), contextOf(orgId, webhookId));
    await tx.query(
      `INSERT INTO webhook_endpoints (webhook_id, org_id, ${ENVELOPE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [webhookId, orgId, ...envelopeValues(sealed)],
    );
  }

  async read(sql: Sql, orgId: string, webhookId: string): Promise<WebhookEndpoint | null> {
    const [row] = await sql.query<EndpointRow>(
      `SELECT ${ENVELOPE_COLUMNS} FROM webhook_endpoints WHERE webhook_id = $1 AND org_id = $2`,
      [webhookId, orgId],
    );
    if (!row) return null;
    return JSON.parse(
      decryptSecret(this.ring, fromColumns(row), contextOf(orgId, webhookId)),
    ) as WebhookEndpoint;
  }
}

export interface EndpointRotationReport {
  rewrapped: number;
  /** Endpoints that no configured master key opens: the old key must not be dropped yet. */
  unreadable: Array<{ webhook_id: string; reason: string }>;
}

/**
 * Re-wraps every webhook endpoint's data key under the newest master key (`masterKeys[0]`),
 * a locked batch per transaction; the URL and signing secret are never decrypted. Endpoints
 * are written once and never updated, so one pass leaves none behind but those that an
 * instance still on the old key creates meanwhile: like the tools' secrets, run it after every
 * instance has the new key first.
 */
export async function rewrapWebhookEndpoints(
  db: Database,
  masterKeys: Buffer[],
  batchSize = 500,
): Promise<EndpointRotationReport> {
  const { rewrapped, unreadable } = await rewrapEnvelopeTable<EndpointRow>(
    db,
    masterKeys,
    {
      table: 'webhook_endpoints',
      key: 'webhook_id',
      extra: ['org_id'],
      context: (row) => contextOf(row.org_id, row.webhook_id),
    },
    batchSize,
  );
  return { rewrapped, unreadable: unreadable.map(({ key, reason }) => ({ webhook_id: key, reason })) };
}
