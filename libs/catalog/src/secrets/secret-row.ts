import type { EnvelopeColumns } from '../../../crypto/src/envelope';
import type { SecretContext } from '../../../crypto/src/secret-context';

/** One row of `secret_versions`, as pg returns it (bytea as Buffer). */
export interface SecretRow extends EnvelopeColumns {
  org_id: string;
  tool_id: string;
  /** '' for the shared secret (a primary key column cannot be null), else an agent id. */
  scope: string;
  version: number;
}

export const SECRET_COLUMNS =
  'org_id, tool_id, scope, version, ciphertext, iv, tag, wrapped_key, wrap_iv, wrap_tag, kek_version';

export const storedScope = (scope: string | null): string => scope ?? '';

/** What the AAD binds: org, tool, version and scope (null for shared, so '' never reaches it). */
export function rowContext(row: Pick<SecretRow, 'org_id' | 'tool_id' | 'scope' | 'version'>): SecretContext {
  return { orgId: row.org_id, toolId: row.tool_id, version: row.version, scope: row.scope || null };
}
