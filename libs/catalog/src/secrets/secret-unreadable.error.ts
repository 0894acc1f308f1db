import { DomainError } from '../../../common/src/domain-error';
import type { DecryptionError } from '../../../crypto/src/errors';

/**
 * A stored secret version did not decrypt. Callers (credential vending) answer 503 with no
 * secret. The message names the row and the failed step, never plaintext or key bytes;
 * `diagnostic` carries the crypto layer's explanation for the operator's log.
 */
export class SecretUnreadableError extends DomainError {
  readonly reason: DecryptionError['reason'];
  readonly diagnostic: string;

  constructor(where: { toolId: string; scope?: string | null; version: number }, cause: DecryptionError) {
    const whose = where.scope ? ` for agent ${where.scope}` : '';
    super(
      'unavailable',
      'secret-unreadable',
      `the stored secret of tool ${where.toolId}${whose} (version ${where.version}) could not be decrypted ` +
        `(${cause.reason}): it was altered or moved, or its master key is no longer configured; set it again`,
    );
    this.name = 'SecretUnreadableError';
    this.reason = cause.reason;
    this.diagnostic = cause.message;
  }
}
