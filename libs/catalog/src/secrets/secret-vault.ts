import { Inject, Injectable } from '@nestjs/common';
import type { Runtime } from '../../../common/src/runtime';
import { RUNTIME } from '../../../common/src/tokens';
import { decryptSecret, encryptSecret, fromColumns } from '../../../crypto/src/envelope';
import { DecryptionError } from '../../../crypto/src/errors';
import { fingerprint } from '../../../crypto/src/fingerprint';
import { KeyRing } from '../../../crypto/src/key-ring';
import type { Sql } from '../../../database/src/database';
import type { Credential } from '../catalog.events';
import { type CredentialFormat, decodeCredential, encodeCredential } from './credential';
import { rowContext, type SecretRow, SECRET_COLUMNS, storedScope } from './secret-row';
import { SecretUnreadableError } from './secret-unreadable.error';

export interface SecretKey {
  orgId: string;
  toolId: string;
  /** null for a tool's shared secret; an agent id for that agent's own secret. */
  scope: string | null;
}

export interface StoreSecret extends SecretKey {
  version: number;
  credential: Credential;
}

export interface CurrentSecret {
  version: number;
  credential: Credential;
}

/**
 * Write-only storage of secret versions (envelope encryption, libs/crypto). Rows are written
 * in the transaction that appends ToolSecretRotated, so a version exists exactly when its
 * event does. The table is not a projection: it is never rebuilt and holds no plaintext.
 */
@Injectable()
export class SecretVault {
  private readonly ring: KeyRing;

  constructor(@Inject(RUNTIME) runtime: Pick<Runtime, 'masterKeys'>) {
    this.ring = KeyRing.fromNewestFirst(runtime.masterKeys);
  }

  /** The keyed fingerprint that ToolSecretRotated records in place of the value. */
  fingerprint(credential: Credential): string {
    return fingerprint(this.ring, encodeCredential(credential).plaintext);
  }

  async store(tx: Sql, input: StoreSecret): Promise<void> {
    const { plaintext, format } = encodeCredential(input.credential);
    const scope = input.scope || null;
    const context = { orgId: input.orgId, toolId: input.toolId, version: input.version, scope };
    const sealed = encryptSecret(this.ring, plaintext, context);
    await tx.query(
      `INSERT INTO secret_versions (org_id, tool_id, scope, version, format, ciphertext, iv, tag,
         wrapped_key, wrap_iv, wrap_tag, kek_version, fingerprint)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        input.orgId,
        input.toolId,
        storedScope(scope),
        input.version,
        format,
        sealed.ciphertext,
        sealed.iv,
        sealed.tag,
        sealed.wrappedKey,
        sealed.wrapIv,
        sealed.wrapTag,
        sealed.kekVersion,
        fingerprint(this.ring, plaintext),
      ],
    );
  }

  /** The newest version number stored for (tool, scope), 0 if none: the next one is this + 1. */
  async latestVersion(sql: Sql, key: SecretKey): Promise<number> {
    const [row] = await sql.query<{ version: number }>(
      `SELECT version FROM secret_versions WHERE tool_id = $1 AND scope = $2 AND org_id = $3
       ORDER BY version DESC LIMIT 1`,
      [key.toolId, storedScope(key.scope), key.orgId],
    );
    return row?.version ?? 0;
  }

  /** The newest version for (tool, scope) in one indexed query, decrypted; null if none. */
  async readCurrent(sql: Sql, key: SecretKey): Promise<CurrentSecret | null> {
    const [row] = await sql.query<SecretRow & { format: CredentialFormat }>(
      `SELECT ${SECRET_COLUMNS}, format FROM secret_versions
       WHERE tool_id = $1 AND scope = $2 AND org_id = $3
       ORDER BY version DESC LIMIT 1`,
      [key.toolId, storedScope(key.scope), key.orgId],
    );
    if (!row) return null;
    return { version: row.version, credential: decodeCredential(this.open(row), row.format) };
  }

  /** Decrypts a row read elsewhere (the one-statement credential fetch returns it). */
  decryptRow(row: SecretRow & { format: CredentialFormat }): CurrentSecret {
    return { version: row.version, credential: decodeCredential(this.open(row), row.format) };
  }

  private open(row: SecretRow): string {
    const context = rowContext(row);
    try {
      return decryptSecret(this.ring, fromColumns(row), context);
    } catch (error) {
      if (error instanceof DecryptionError) throw new SecretUnreadableError(context, error);
      throw error;
    }
  }
}
