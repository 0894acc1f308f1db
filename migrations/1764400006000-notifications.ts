import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions (inline read model of `webhook-{id}`), their encrypted endpoints
 * (not a projection: the URL and signing secret never enter the log, like secret_versions),
 * and the transactional outbox of deliveries (delivery state, filled by an async projection).
 */
export class Notifications1764400006000 implements MigrationInterface {
  name = 'Notifications1764400006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id                text PRIMARY KEY,
        org_id            text NOT NULL,
        kind              text NOT NULL,
        url               text NOT NULL,
        events            text[] NOT NULL,
        status            text NOT NULL,
        has_secret        boolean NOT NULL,
        created_position  bigint NOT NULL,
        deleted_position  bigint,
        created_by        text NOT NULL,
        created_at        timestamptz NOT NULL,
        deleted_at        timestamptz
      )`);
    await q.query(`CREATE INDEX webhooks_org ON webhooks (org_id, created_at, id)`);
    await q.query(`
      CREATE TABLE webhook_endpoints (
        webhook_id   text PRIMARY KEY,
        org_id       text NOT NULL,
        ciphertext   bytea NOT NULL,
        iv           bytea NOT NULL,
        tag          bytea NOT NULL,
        wrapped_key  bytea NOT NULL,
        wrap_iv      bytea NOT NULL,
        wrap_tag     bytea NOT NULL,
        kek_version  integer NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per (webhook, event): replaying the log (a rebuild) cannot enqueue twice.
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id                text PRIMARY KEY,
        webhook_id        text NOT NULL,
        org_id            text NOT NULL,
        event_id          uuid NOT NULL,
        event_type        text NOT NULL,
        event_position    bigint NOT NULL,
        payload           jsonb NOT NULL,
        status            text NOT NULL DEFAULT 'pending',
        attempts          integer NOT NULL DEFAULT 0,
        next_attempt_at   timestamptz NOT NULL DEFAULT now(),
        last_attempt_at   timestamptz,
        last_status_code  integer,
        last_error        text,
        delivered_at      timestamptz,
        created_at        timestamptz NOT NULL DEFAULT now(),
        UNIQUE (webhook_id, event_id)
      )`);
    await q.query(
      `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, event_position DESC, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_deliveries, webhook_endpoints, webhooks');
  }
}
