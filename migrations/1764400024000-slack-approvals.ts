import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approvals in Slack (issue 20, docs/adr/0024). `slack_apps` and `slack_links` are read models
 * of the `slack-{orgId}` and `member-{id}` streams; the rest is state the log must not hold:
 * the app's tokens (envelope-encrypted like webhook endpoints), one-time link codes (hashed),
 * the posted message of each request, and the signatures of HTTP payloads already seen.
 */
export class SlackApprovals1764400024000 implements MigrationInterface {
  name = 'SlackApprovals1764400024000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE slack_apps (
        org_id              text PRIMARY KEY,
        channel             text NOT NULL,
        socket_mode         boolean NOT NULL,
        max_grant_seconds   integer,
        configured_position bigint NOT NULL,
        updated_at          timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE slack_app_secrets (
        org_id       text PRIMARY KEY,
        ciphertext   bytea NOT NULL,
        iv           bytea NOT NULL,
        tag          bytea NOT NULL,
        wrapped_key  bytea NOT NULL,
        wrap_iv      bytea NOT NULL,
        wrap_tag     bytea NOT NULL,
        kek_version  integer NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE slack_links (
        org_id        text NOT NULL,
        member_id     text NOT NULL,
        slack_team_id text NOT NULL,
        slack_user_id text NOT NULL,
        linked_at     timestamptz NOT NULL,
        PRIMARY KEY (org_id, member_id)
      )`);
    // One member per Slack user in an org: a click names exactly one member.
    await q.query(
      `CREATE UNIQUE INDEX slack_links_user ON slack_links (org_id, slack_team_id, slack_user_id)`,
    );
    await q.query(`
      CREATE TABLE slack_link_codes (
        code_hash   text PRIMARY KEY,
        org_id      text NOT NULL,
        member_id   text NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz
      )`);
    await q.query(`CREATE INDEX slack_link_codes_member ON slack_link_codes (org_id, member_id)`);
    // One message per request, synchronised by one instance at a time (the lease).
    await q.query(`
      CREATE TABLE slack_messages (
        request_id      text PRIMARY KEY,
        org_id          text NOT NULL,
        channel         text,
        ts              text,
        pending         boolean NOT NULL DEFAULT true,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until     timestamptz,
        attempts        integer NOT NULL DEFAULT 0,
        last_error      text,
        synced_at       timestamptz
      )`);
    await q.query(`CREATE INDEX slack_messages_due ON slack_messages (next_attempt_at) WHERE pending`);
    await q.query(`
      CREATE TABLE slack_seen_requests (
        org_id     text NOT NULL,
        signature  text NOT NULL,
        seen_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, signature)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TABLE slack_seen_requests, slack_messages, slack_link_codes, slack_links, slack_app_secrets, slack_apps',
    );
  }
}
