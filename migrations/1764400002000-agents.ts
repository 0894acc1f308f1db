import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agents and their keys: inline read models, authorization reads them on every agent call. */
export class Agents1764400002000 implements MigrationInterface {
  name = 'Agents1764400002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agents (
        id                text PRIMARY KEY,
        org_id            text NOT NULL,
        name              text NOT NULL,
        description       text NOT NULL DEFAULT '',
        status            text NOT NULL DEFAULT 'active',
        suspended_reason  text,
        registered_by     text NOT NULL,
        created_at        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX agents_org ON agents (org_id, created_at, id)`);
    await q.query(`
      CREATE TABLE agent_keys (
        id          text PRIMARY KEY,
        agent_id    text NOT NULL,
        org_id      text NOT NULL,
        key_hash    text NOT NULL UNIQUE,
        prefix      text NOT NULL,
        status      text NOT NULL DEFAULT 'active',
        created_at  timestamptz NOT NULL,
        revoked_at  timestamptz
      )`);
    await q.query(`CREATE INDEX agent_keys_agent ON agent_keys (agent_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE agent_keys, agents');
  }
}
