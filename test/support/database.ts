import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Database } from '../../libs/database/src/database';

export interface TestDatabase {
  url: string;
  /** A superuser connection to the same database, for tests that play the attacker. */
  admin(): Promise<Client>;
  connect(options?: { role?: string; poolSize?: number }): Promise<Database>;
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
    async drop() {
      for (const c of opened.reverse()) {
        await ('close' in c ? c.close() : c.end()).catch(() => undefined);
      }
      const s = new Client({ connectionString: adminUrl });
      await s.connect();
      await s.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await s.end();
    },
  };
}
