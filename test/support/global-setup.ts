import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startupFailureMessage } from '../../libs/common/src/startup-error';
import { Database } from '../../libs/database/src/database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../libs/database/src/embedded-postgres';

/**
 * One PostgreSQL per test run: the machine's server when DATABASE_URL is set (CI runs the
 * suite against PostgreSQL 15 that way), otherwise an embedded PostgreSQL 18. A migrated
 * template database is cloned for every test file, so files never share state.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.KEYLEDGER_TEST_TEMPLATE_URL) return; // both int and e2e projects share it
  let embedded: EmbeddedDatabase | undefined;
  try {
    let adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) {
      const dir = mkdtempSync(join(tmpdir(), 'keyledger-test-'));
      embedded = await startEmbeddedPostgres(dir, () => undefined, 'postgres');
      adminUrl = embedded.url;
      (globalThis as { __embedded?: EmbeddedDatabase }).__embedded = embedded;
    }
    await createTemplate(adminUrl);
  } catch (error) {
    // Like the service: the cause and the fix, not a stack trace from inside Jest.
    await embedded?.stop();
    const where = process.env.DATABASE_URL ? 'the PostgreSQL in DATABASE_URL' : 'the embedded PostgreSQL';
    process.stderr.write(`\nkeyledger tests: cannot prepare ${where}: ${startupFailureMessage(error)}\n`);
    process.exit(1);
  }
}

async function createTemplate(adminUrl: string): Promise<void> {
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
