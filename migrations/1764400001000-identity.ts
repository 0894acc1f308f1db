import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orgs and members (inline read models) and login credentials (not a projection). */
export class Identity1764400001000 implements MigrationInterface {
  name = 'Identity1764400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orgs (
        id          text PRIMARY KEY,
        name        text NOT NULL,
        settings    jsonb NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE members (
        id            text PRIMARY KEY,
        org_id        text NOT NULL,
        email         text NOT NULL,
        display_name  text NOT NULL,
        role          text NOT NULL,
        tool_scope    text[],
        status        text NOT NULL DEFAULT 'active',
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX members_org_email ON members (org_id, lower(email)) WHERE status = 'active'`,
    );
    await q.query(`CREATE INDEX members_email ON members (lower(email))`);
    // Password hashes are secrets: they live here, never in the event store.
    await q.query(`
      CREATE TABLE credentials (
        email          text PRIMARY KEY,
        password_hash  text NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE credentials, members, orgs');
  }
}
