import { Inject, Injectable } from '@nestjs/common';
import type { Runtime } from '../../../common/src/runtime';
import { RUNTIME } from '../../../common/src/tokens';
import {
  decryptSecret,
  encryptSecret,
  type EnvelopeColumns,
  fromColumns,
} from '../../../crypto/src/envelope';
import { KeyRing } from '../../../crypto/src/key-ring';
import type { SecretContext } from '../../../crypto/src/secret-context';
import type { Database, Sql } from '../../../database/src/database';
import { ENVELOPE_COLUMNS, envelopeValues, rewrapEnvelopeTable } from '../envelope-table';

/** An org's Slack app credentials: never in the log, a response, or a log line. */
export interface SlackAppSecrets {
  bot_token: string;
  signing_secret: string;
  app_token: string | null;
}

interface SecretRow extends EnvelopeColumns {
  org_id: string;
}

// The AAD binds the ciphertext to its org, so a row copied onto another org fails to open.
const contextOf = (orgId: string): SecretContext => ({
  orgId,
  toolId: 'slack-app',
  version: 1,
  scope: 'slack',
});

/** Envelope-encrypted like webhook endpoints (webhook-endpoint.vault.ts); written with SlackAppConfigured. */
@Injectable()
export class SlackAppVault {
  private readonly ring: KeyRing;

  constructor(@Inject(RUNTIME) runtime: Pick<Runtime, 'masterKeys'>) {
    this.ring = KeyRing.fromNewestFirst(runtime.masterKeys);
  }

  async store(tx: Sql, orgId: string, secrets: SlackAppSecrets): Promise<void> {
    const sealed = encryptSecret(this.ring, JSON.stringify(secrets), contextOf(orgId));
    await tx.query(
      `INSERT INTO slack_app_secrets (org_id, ${ENVELOPE_COLUMNS}, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (org_id) DO UPDATE SET ciphertext = $2, iv = $3, tag = $4, wrapped_key = $5, wrap_iv = $6,
         wrap_tag = $7, kek_version = $8, updated_at = now()`,
      [orgId, ...envelopeValues(sealed)],
    );
  }

  async remove(tx: Sql, orgId: string): Promise<void> {
    await tx.query('DELETE FROM slack_app_secrets WHERE org_id = $1', [orgId]);
  }

  async read(sql: Sql, orgId: string): Promise<SlackAppSecrets | null> {
    const [row] = await sql.query<SecretRow>(
      `SELECT ${ENVELOPE_COLUMNS} FROM slack_app_secrets WHERE org_id = $1`,
      [orgId],
    );
    if (!row) return null;
    return JSON.parse(decryptSecret(this.ring, fromColumns(row), contextOf(orgId))) as SlackAppSecrets;
  }
}

/** Re-wraps every org's Slack secrets under the newest master key; the tokens are never decrypted. */
export async function rewrapSlackAppSecrets(
  db: Database,
  masterKeys: Buffer[],
): Promise<{ rewrapped: number; unreadable: Array<{ org_id: string; reason: string }> }> {
  const { rewrapped, unreadable } = await rewrapEnvelopeTable<SecretRow>(db, masterKeys, {
    table: 'slack_app_secrets',
    key: 'org_id',
    context: (row) => contextOf(row.org_id),
  });
  return { rewrapped, unreadable: unreadable.map(({ key, reason }) => ({ org_id: key, reason })) };
}
