import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Database } from '../../libs/database/src/database';
import { startEmbeddedPostgres } from '../../libs/database/src/embedded-postgres';

/**
 * One PostgreSQL per test run: the machine's server when DATABASE_URL is set (CI runs the
 * suite against PostgreSQL 15 that way), otherwise an embedded PostgreSQL 18. A migrated
 * template database is cloned for every test file, so files never share state.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.KEYLEDGER_TEST_TEMPLATE_URL) return; // both int and e2e projects share it
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'keyledger-test-'));
    const embedded = await startEmbeddedPostgres(dir, () => undefined, 'postgres');
    adminUrl = embedded.url;
    (globalThis as { __embedded?: { stop(): Promise<void> } }).__embedded = embedded;
  }
  const template = `kl_template_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const db = await Database.connect({ url: url.toString(), poolSize: 1 });
  await db.migrate();
  await db.close();
  process.env.KEYLEDGER_TEST_ADMIN_URL = adminUrl;
  process.env.KEYLEDGER_TEST_TEMPLATE_URL = url.toString();
  process.env.KEYLEDGER_TEST_TEMPLATE = template;
}
