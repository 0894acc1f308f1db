import type { Database } from '../../../../libs/database/src/database';

/**
 * Why the database keeps this instance from being ready, or null when it does not: one bounded
 * query (the pool's connect and statement timeouts), so a database that is down answers at once
 * and one that stalls answers within the bound, never later.
 */
export async function databaseNotReady(db: Database): Promise<string | null> {
  let pending: boolean;
  try {
    pending = await db.pendingMigrations();
  } catch {
    return 'the database is not reachable';
  }
  return pending ? 'migrations are pending: run `npm run migrate`' : null;
}
