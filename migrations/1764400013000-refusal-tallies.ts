import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counted refusals (docs/adr/0013): requests refused to a suspended agent or a revoked key are
 * counted here, one open tally per subject (an agent key and a reason), shared by every
 * instance. When its window has passed, one instance deletes the tally and appends its one
 * event in the same transaction, so a flood adds one event per key per window to the log.
 * Not the log: rows come and go; the event is the record.
 */
export class RefusalTallies1764400013000 implements MigrationInterface {
  name = 'RefusalTallies1764400013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE refusal_tallies (
        subject     text PRIMARY KEY,
        stream_id   text NOT NULL,
        event_type  text NOT NULL,
        org_id      text,
        data        jsonb NOT NULL,
        metadata    jsonb NOT NULL,
        opened_at   timestamptz NOT NULL DEFAULT now(),
        first_seen  timestamptz NOT NULL,
        last_seen   timestamptz NOT NULL,
        count       bigint NOT NULL,
        ips         jsonb NOT NULL DEFAULT '[]',
        more_ips    boolean NOT NULL DEFAULT false,
        requests    jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query(`CREATE INDEX refusal_tallies_opened ON refusal_tallies (opened_at)`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keyledger_app') THEN
          GRANT SELECT, INSERT, UPDATE, DELETE ON refusal_tallies TO keyledger_app;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE refusal_tallies');
  }
}
