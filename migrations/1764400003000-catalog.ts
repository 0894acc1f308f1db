import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tool catalog (inline read models, rebuilt from the log) and encrypted secret versions
 * (not a projection: secrets never enter the log, so this table is never rebuilt).
 */
export class Catalog1764400003000 implements MigrationInterface {
  name = 'Catalog1764400003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tools (
        id                     text PRIMARY KEY,
        org_id                 text NOT NULL,
        name                   text NOT NULL,
        url                    text,
        description            text NOT NULL DEFAULT '',
        auth_type              text NOT NULL,
        credential_mode        text NOT NULL,
        instructions           text NOT NULL DEFAULT '',
        instructions_version   integer NOT NULL DEFAULT 0,
        credential_expires_at  timestamptz,
        secret_version         integer NOT NULL DEFAULT 0,
        status                 text NOT NULL DEFAULT 'active',
        retired_reason         text,
        created_by             text NOT NULL,
        created_at             timestamptz NOT NULL,
        updated_at             timestamptz NOT NULL
      )`);
    // Listing pages by (name, id) within an org and status; 'all' uses the second index.
    await q.query(`CREATE INDEX tools_org_status_name ON tools (org_id, status, name, id)`);
    await q.query(`CREATE INDEX tools_org_name ON tools (org_id, name, id)`);
    // The backstop for "one active tool per name per org" when two adds race past the check.
    await q.query(
      `CREATE UNIQUE INDEX tools_org_active_name ON tools (org_id, lower(name)) WHERE status = 'active'`,
    );
    await q.query(`
      CREATE TABLE tool_instructions (
        tool_id     text NOT NULL,
        version     integer NOT NULL,
        body        text NOT NULL,
        created_at  timestamptz NOT NULL,
        created_by  text NOT NULL,
        PRIMARY KEY (tool_id, version)
      )`);
    // scope is '' for a tool's shared secret, else an agent id. The primary key serves
    // "newest version of (tool, scope)" with one backward index scan.
    await q.query(`
      CREATE TABLE secret_versions (
        org_id       text NOT NULL,
        tool_id      text NOT NULL,
        scope        text NOT NULL DEFAULT '',
        version      integer NOT NULL CHECK (version > 0),
        format       text NOT NULL CHECK (format IN ('text', 'json')),
        ciphertext   bytea NOT NULL,
        iv           bytea NOT NULL,
        tag          bytea NOT NULL,
        wrapped_key  bytea NOT NULL,
        wrap_iv      bytea NOT NULL,
        wrap_tag     bytea NOT NULL,
        kek_version  integer NOT NULL,
        fingerprint  text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tool_id, scope, version)
      )`);
    // A version's record must outlive the service's mistakes: the service role may add and
    // re-wrap versions but not delete them (rows are superseded, never removed).
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keyledger_app') THEN
          REVOKE DELETE, TRUNCATE ON secret_versions FROM keyledger_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Unlike read models, secret versions cannot be rebuilt: refuse rather than lose them.
    const held = (await q.query('SELECT 1 FROM secret_versions LIMIT 1')) as unknown[];
    if (held.length > 0) throw new Error('secret_versions holds secrets; export or drop it by hand first');
    await q.query('DROP TABLE secret_versions, tool_instructions, tools');
  }
}
