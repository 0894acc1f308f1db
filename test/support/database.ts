import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Database } from '../../libs/database/src/database';
import { servingRoleName, servingUrl } from '../../libs/database/src/serving-role';

export interface TestDatabase {
  url: string;
  /** A superuser connection to the same database, for tests that play the attacker. */
  admin(): Promise<Client>;
  /** As the owner, like migrations. */
  connect(options?: { poolSize?: number }): Promise<Database>;
  /** As the login role the service serves as (docs/adr/0010), with the password it derives. */
  serving(options?: { poolSize?: number }): Promise<Database>;
  drop(): Promise<void>;
}

/** A fresh, migrated database cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.KEYLEDGER_TEST_ADMIN_URL;
  const template = process.env.KEYLEDGER_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('test/support/global-setup.ts did not run');
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const server = new Client({ connectionString: adminUrl });
  await server.connect();
  await server.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await server.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const opened: Array<{ close(): Promise<void> } | Client> = [];
  return {
    url: url.toString(),
    async admin() {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      opened.push(client);
      return client;
    },
    async connect(options = {}) {
      const db = await Database.connect({ url: url.toString(), ...options });
      opened.push(db);
      return db;
    },
    async serving(options = {}) {
      // The service's own derivation (apps/api/src/core/serving-database.ts): the owner URL's
      // password, or (trust authentication, which ignores it) any key.
      const secret = decodeURIComponent(url.password) || 'trust';
      const serving = await servingUrl(url.toString(), { secret });
      const db = await Database.connect({ url: serving.url, ...options });
      opened.push(db);
      return db;
    },
    async drop() {
      for (const c of opened.reverse()) {
        await ('close' in c ? c.close() : c.end()).catch(() => undefined);
      }
      const s = new Client({ connectionString: adminUrl });
      await s.connect();
      await s.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      // Roles are cluster-wide: the service's login role for this database goes with it.
      await s.query(`DROP ROLE IF EXISTS ${servingRoleName(name)}`).catch(() => undefined);
      await s.end();
    },
  };
}
