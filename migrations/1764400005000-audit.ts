import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The auditors' read models (libs/audit): the audit trail with its filter indexes, and the
 * intervals that answer "who could fetch what at instant T".
 */
export class Audit1764400005000 implements MigrationInterface {
  name = 'Audit1764400005000';

  async up(q: QueryRunner): Promise<void> {
    // One row per org event, in the order the log committed them. `seq` is that order, gap
    // free: a cursor over it never skips an event that a slow transaction committed late,
    // which a cursor over `position` would (DESIGN.md invariant 3).
    // Ids compare byte by byte (COLLATE "C"): they need no linguistic order, and every row
    // enters several indexes on them, where locale-aware comparison costs CPU.
    await q.query(`
      CREATE TABLE audit_events (
        seq             bigint PRIMARY KEY,
        position        bigint NOT NULL,
        stream_id       text COLLATE "C" NOT NULL,
        stream_version  integer NOT NULL,
        org_id          text COLLATE "C" NOT NULL,
        type            text COLLATE "C" NOT NULL,
        event_version   smallint NOT NULL,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        actor_type      text COLLATE "C" NOT NULL,
        actor_id        text COLLATE "C" NOT NULL,
        agent_id        text COLLATE "C",
        tool_id         text COLLATE "C",
        occurred_at     timestamptz NOT NULL,
        -- The greatest occurred_at up to this row in seq order: monotonic, so a time range
        -- maps to a seq range (libs/audit/src/list-events/audit-filters.ts).
        occurred_hw     timestamptz NOT NULL
      )`);
    // Every filtered page is a range scan of one of these, in seq order, stopping at the limit.
    // Maintaining them is most of the projection's cost, so the ones that would hold nearly
    // every row of a real log, credential fetches, leave those rows out where a query can do
    // without: a page of CredentialVended reads the org index, where they are dense, and an
    // agent acting is found through agent_id (list-events/audit-filters.ts). The time index
    // samples one row in 64: occurred_hw only rises, so a sample bounds the range.
    for (const [name, columns, where] of [
      ['org', 'org_id, seq', ''],
      ['type', 'org_id, type, seq', `WHERE type <> 'CredentialVended'`],
      ['agent', 'org_id, agent_id, seq', 'WHERE agent_id IS NOT NULL'],
      ['tool', 'org_id, tool_id, seq', 'WHERE tool_id IS NOT NULL'],
      ['actor', 'org_id, actor_id, seq', `WHERE actor_type <> 'agent'`],
      ['stream', 'org_id, stream_id, seq', ''],
      ['hw', 'occurred_hw, seq', 'WHERE seq % 64 = 0'],
    ]) {
      await q.query(`CREATE INDEX audit_events_${name} ON audit_events (${columns}) ${where}`);
    }
    // The projection's running state: the last seq, the high-water occurred_at, and the
    // largest lag of any row behind that high water (bounds the seq range of a `to`).
    await q.query(`
      CREATE TABLE audit_watermark (
        id           smallint PRIMARY KEY CHECK (id = 1),
        last_seq     bigint NOT NULL,
        occurred_hw  timestamptz NOT NULL,
        max_skew_ms  bigint NOT NULL
      )`);
    // One CSV text field (RFC 4180), quoted. A leading = + - @ tab or CR gets a ' so that a
    // spreadsheet shows the text instead of running it as a formula (OWASP "CSV injection"):
    // names, user agents and reasons come from agents and callers.
    await q.query(`
      CREATE FUNCTION audit_csv_field(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce('"' || replace(
          CASE WHEN left(value, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || value ELSE value END,
          '"', '""') || '"', '')
      $$`);
    await q.query(`
      CREATE TABLE access_intervals (
        grant_id     text PRIMARY KEY,
        org_id       text NOT NULL,
        agent_id     text NOT NULL,
        tool_id      text NOT NULL,
        approved_at  timestamptz NOT NULL,
        approved_by  text NOT NULL,
        expires_at   timestamptz,
        ended_at     timestamptz,
        end_reason   text
      )`);
    await q.query(`CREATE INDEX access_intervals_org ON access_intervals (org_id, approved_at)`);
    await q.query(`
      CREATE TABLE agent_suspensions (
        agent_id        text NOT NULL,
        org_id          text NOT NULL,
        suspended_at    timestamptz NOT NULL,
        reactivated_at  timestamptz,
        PRIMARY KEY (agent_id, suspended_at)
      )`);
    await q.query(`
      CREATE TABLE agent_key_intervals (
        key_id      text PRIMARY KEY,
        agent_id    text NOT NULL,
        org_id      text NOT NULL,
        issued_at   timestamptz NOT NULL,
        revoked_at  timestamptz
      )`);
    await q.query(`CREATE INDEX agent_key_intervals_agent ON agent_key_intervals (agent_id)`);
    await q.query(`
      CREATE TABLE tool_retirements (
        tool_id     text PRIMARY KEY,
        org_id      text NOT NULL,
        retired_at  timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE tool_retirements, agent_key_intervals, agent_suspensions, access_intervals,
         audit_watermark, audit_events`,
    );
    await q.query('DROP FUNCTION audit_csv_field(text)');
  }
}
