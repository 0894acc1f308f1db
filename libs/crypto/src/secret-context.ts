/** Where a secret version lives; bound into both its ciphertext and its wrapped data key. */
export interface SecretContext {
  orgId: string;
  toolId: string;
  version: number;
  /** Narrows a secret further, e.g. to one agent for per-agent credentials. */
  scope?: string | null;
}

const SECRET_LABEL = 'keyledger/secret/v1';
const DATA_KEY_LABEL = 'keyledger/data-key/v1';

/** AAD for the secret ciphertext. */
export function secretAad(context: SecretContext): Buffer {
  return encode(SECRET_LABEL, context);
}

/** AAD for the wrapped data key; a different label so neither AAD can stand in for the other. */
export function dataKeyAad(context: SecretContext): Buffer {
  return encode(DATA_KEY_LABEL, context);
}

/**
 * A JSON array in fixed order is unambiguous (strings are quoted and escaped, so no choice of
 * ids can make two contexts encode alike) and stays readable when debugging.
 */
function encode(label: string, context: SecretContext): Buffer {
  const { orgId, toolId, version, scope } = context;
  if (typeof orgId !== 'string' || orgId === '')
    throw new TypeError('secret context: orgId must be a non-empty string');
  if (typeof toolId !== 'string' || toolId === '') {
    throw new TypeError('secret context: toolId must be a non-empty string');
  }
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new TypeError('secret context: version must be a non-negative integer');
  }
  if (scope !== undefined && scope !== null && (typeof scope !== 'string' || scope === '')) {
    throw new TypeError('secret context: scope, when given, must be a non-empty string');
  }
  return Buffer.from(JSON.stringify([label, orgId, toolId, version, scope ?? null]), 'utf8');
}
