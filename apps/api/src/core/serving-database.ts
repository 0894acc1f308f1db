import type { KeyledgerConfig } from '../../../../libs/config/src/config';
import { Database } from '../../../../libs/database/src/database';
import {
  assertCannotChangeLog,
  servingUrl,
  type ServingRole,
} from '../../../../libs/database/src/serving-role';
import type { Runtime } from './runtime';

/**
 * The service's pool. Migrations run as the owner (DATABASE_URL, or the embedded superuser);
 * the pool then logs in as a role that cannot change the log (docs/adr/0010), so neither a
 * `RESET ROLE` nor any other statement the service could be tricked into running can disable
 * the append-only triggers or rewrite an event.
 */
export async function connectServingDatabase(config: KeyledgerConfig, runtime: Runtime): Promise<Database> {
  if (config.autoMigrate) {
    const owner = await Database.connect({
      url: runtime.databaseUrl,
      poolSize: 1,
      applicationName: 'keyledger-migrate',
      bounds: config.databaseBounds,
    });
    try {
      await owner.migrate();
    } finally {
      await owner.close();
    }
  }
  const serving = await servingUrl(runtime.databaseUrl, servingRole(config, runtime));
  const db = await Database.connect({
    url: serving.url,
    applicationName: 'keyledger-api',
    bounds: config.databaseBounds,
  });
  try {
    await assertCannotChangeLog((text, values) => db.query(text, values));
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** The login role to serve as; `npm run migrate` makes the same one for services started later. */
export function servingRole(config: KeyledgerConfig, runtime: Runtime): ServingRole {
  return {
    role: config.dbServiceRole,
    password: config.dbServicePassword,
    // Every instance given the same owner URL derives the same password: nothing is stored.
    secret: decodeURIComponent(new URL(runtime.databaseUrl).password) || runtime.masterKeys[0],
  };
}
