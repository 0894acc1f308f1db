import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.KEYLEDGER_TEST_ADMIN_URL;
  const template = process.env.KEYLEDGER_TEST_TEMPLATE;
  const embedded = (globalThis as { __embedded?: { stop(): Promise<void> } }).__embedded;
  if (adminUrl && template && !embedded) {
    // On a shared server, leave nothing behind: the template and any test databases.
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    const rows = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `${template}_%`],
    );
    for (const { datname } of rows.rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    // ...and the login roles the service made for them (test/support/database.ts drops its own).
    const roles = await admin.query<{ rolname: string }>(
      `SELECT rolname FROM pg_roles WHERE rolname LIKE $1 || '\\_%\\_service'`,
      [template],
    );
    for (const { rolname } of roles.rows) {
      await admin.query(`DROP ROLE IF EXISTS ${rolname}`).catch(() => undefined);
    }
    await admin.end();
  }
  await embedded?.stop();
}
