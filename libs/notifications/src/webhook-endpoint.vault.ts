import { Inject, Injectable } from '@nestjs/common';
import type { Runtime } from '../../common/src/runtime';
import { RUNTIME } from '../../common/src/tokens';
import { decryptSecret, encryptSecret } from '../../crypto/src/envelope';
import { KeyRing } from '../../crypto/src/key-ring';
import type { SecretContext } from '../../crypto/src/secret-context';
import type { Sql } from '../../database/src/database';

/** A webhook's full URL and signing secret: credentials (a Slack URL is a bearer token). */
export interface WebhookEndpoint {
  url: string;
  secret: string | null;
}

interface EndpointRow {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  wrapped_key: Buffer;
  wrap_iv: Buffer;
  wrap_tag: Buffer;
  kek_version: number;
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
 * projection: a rebuild never touches it. (Master-key rotation re-wraps secret_versions only;
 * see libs/notifications/README.md.)
 */
@Injectable()
export class WebhookEndpointVault {
  private readonly ring: KeyRing;

  constructor(@Inject(RUNTIME) runtime: Pick<Runtime, 'masterKeys'>) {
    this.ring = KeyRing.fromNewestFirst(runtime.masterKeys);
  }

  async store(tx: Sql, orgId: string, webhookId: string, endpoint: WebhookEndpoint): Promise<void> {
    const sealed = encryptSecret(this.ring, JSON.stringify(endpoint), contextOf(orgId, webhookId));
    await tx.query(
      `INSERT INTO webhook_endpoints (webhook_id, org_id, ciphertext, iv, tag, wrapped_key, wrap_iv, wrap_tag, kek_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        webhookId,
        orgId,
        sealed.ciphertext,
        sealed.iv,
        sealed.tag,
        sealed.wrappedKey,
        sealed.wrapIv,
        sealed.wrapTag,
        sealed.kekVersion,
      ],
    );
  }

  async read(sql: Sql, orgId: string, webhookId: string): Promise<WebhookEndpoint | null> {
    const [row] = await sql.query<EndpointRow>(
      `SELECT ciphertext, iv, tag, wrapped_key, wrap_iv, wrap_tag, kek_version FROM webhook_endpoints
       WHERE webhook_id = $1 AND org_id = $2`,
      [webhookId, orgId],
    );
    if (!row) return null;
    const plaintext = decryptSecret(
      this.ring,
      {
        ciphertext: row.ciphertext,
        iv: row.iv,
        tag: row.tag,
        wrappedKey: row.wrapped_key,
        wrapIv: row.wrap_iv,
        wrapTag: row.wrap_tag,
        kekVersion: row.kek_version,
      },
      contextOf(orgId, webhookId),
    );
    return JSON.parse(plaintext) as WebhookEndpoint;
  }
}
