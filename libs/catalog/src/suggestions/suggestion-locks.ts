import type { Sql } from '../../../database/src/database';

/**
 * Transaction-scoped advisory locks on a suggestion's identity keys, taken in sorted order so
 * two transactions never wait on each other in a cycle. Two suggestions of the same tool
 * share a key (see lockKeys), so they decide one after the other and the second sees the
 * first's row: 20 agents suggesting Linear at once make one suggestion with 20 backers.
 */
export async function lockIdentity(tx: Sql, scope: string, keys: readonly string[]): Promise<void> {
  for (const key of [...keys].sort()) {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${scope}:${key}`]);
  }
}
