import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Access requests and grants (one row per access stream, inline), and vend usage (async). */
export class Access1764400004000 implements MigrationInterface {
  name = 'Access1764400004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_requests (
        id                          text PRIMARY KEY,
        org_id                      text NOT NULL,
        agent_id                    text NOT NULL,
        tool_id                     text NOT NULL,
        status                      text NOT NULL,
        reason                      text NOT NULL,
        requested_duration_seconds  integer,
        requested_at                timestamptz NOT NULL,
        approvals                   jsonb NOT NULL DEFAULT '[]',
        decided_at                  timestamptz,
        decided_by                  text,
        decision_note               text,
        denial_reason               text,
        approved_at                 timestamptz,
        granted_duration_seconds    integer,
        expires_at                  timestamptz,
        ended_at                    timestamptz,
        end_reason                  text,
        ended_by                    text,
        updated_at                  timestamptz NOT NULL
      )`);
    // At most one open (pending or approved) access stream per agent and tool: the backstop
    // when two requests race past the handler's check.
    await q.query(
      `CREATE UNIQUE INDEX access_requests_one_open ON access_requests (agent_id, tool_id)
       WHERE status IN ('pending', 'approved')`,
    );
    await q.query(
      `CREATE INDEX access_requests_latest ON access_requests (agent_id, tool_id, requested_at DESC)`,
    );
    await q.query(`CREATE INDEX access_requests_queue ON access_requests (org_id, status, requested_at, id)`);
    await q.query(`CREATE INDEX access_requests_tool ON access_requests (org_id, tool_id, status)`);
    await q.query(`
      CREATE TABLE grant_usage (
        grant_id         text PRIMARY KEY,
        org_id           text NOT NULL,
        vend_count       bigint NOT NULL DEFAULT 0,
        denied_count     bigint NOT NULL DEFAULT 0,
        last_vended_at   timestamptz,
        last_denied_at   timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE grant_usage, access_requests');
  }
}
