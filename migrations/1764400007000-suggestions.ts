import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tool suggestions and instruction suggestions: inline read models of the `suggestion-{id}`
 * and `instruction-suggestion-{id}` streams, so the "one open suggestion per tool" check and
 * the cooldown are read inside the transaction that decides.
 */
export class Suggestions1764400007000 implements MigrationInterface {
  name = 'Suggestions1764400007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tool_suggestions (
        id               text PRIMARY KEY,
        org_id           text NOT NULL,
        name             text NOT NULL,
        url              text,
        domain           text,
        name_key         text NOT NULL,
        normalized_key   text NOT NULL,
        status           text NOT NULL,
        backer_count     integer NOT NULL DEFAULT 0,
        tool_id          text,
        decided_at       timestamptz,
        decided_by       text,
        decision_reason  text,
        cooldown_until   timestamptz,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL
      )`);
    // The backstop for "one open suggestion per tool" should two suggests race past the locks.
    await q.query(
      `CREATE UNIQUE INDEX tool_suggestions_one_open ON tool_suggestions (org_id, normalized_key)
       WHERE status = 'open'`,
    );
    await q.query(
      `CREATE INDEX tool_suggestions_open_domain ON tool_suggestions (org_id, domain) WHERE status = 'open'`,
    );
    await q.query(
      `CREATE INDEX tool_suggestions_open_name ON tool_suggestions (org_id, name_key) WHERE status = 'open'`,
    );
    // Demand order: most backers first.
    await q.query(
      `CREATE INDEX tool_suggestions_demand ON tool_suggestions (org_id, status, backer_count DESC, created_at, id)`,
    );
    await q.query(`
      CREATE TABLE suggestion_backers (
        suggestion_id  text NOT NULL,
        agent_id       text NOT NULL,
        reason         text NOT NULL,
        backed_at      timestamptz NOT NULL,
        PRIMARY KEY (suggestion_id, agent_id)
      )`);
    await q.query(`
      CREATE TABLE suggestion_cooldowns (
        org_id         text NOT NULL,
        key            text NOT NULL,
        until          timestamptz NOT NULL,
        suggestion_id  text NOT NULL,
        PRIMARY KEY (org_id, key)
      )`);
    await q.query(`
      CREATE TABLE instruction_suggestions (
        id                    text PRIMARY KEY,
        org_id                text NOT NULL,
        tool_id               text NOT NULL,
        learned               text NOT NULL,
        text_key              text NOT NULL,
        status                text NOT NULL,
        backer_count          integer NOT NULL DEFAULT 0,
        instructions_version  integer,
        decided_at            timestamptz,
        decided_by            text,
        decision_reason       text,
        created_at            timestamptz NOT NULL,
        updated_at            timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX instruction_suggestions_one_open ON instruction_suggestions (tool_id, text_key)
       WHERE status = 'open'`,
    );
    await q.query(
      `CREATE INDEX instruction_suggestions_tool ON instruction_suggestions (tool_id, status, backer_count DESC, created_at, id)`,
    );
    await q.query(`
      CREATE TABLE instruction_suggestion_backers (
        suggestion_id  text NOT NULL,
        agent_id       text NOT NULL,
        why            text NOT NULL,
        backed_at      timestamptz NOT NULL,
        PRIMARY KEY (suggestion_id, agent_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE instruction_suggestion_backers, instruction_suggestions, suggestion_cooldowns,
         suggestion_backers, tool_suggestions`,
    );
  }
}
