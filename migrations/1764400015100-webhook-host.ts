import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook targets shown by host and a keyed fingerprint, never by path (issue 13): Slack,
 * Discord and Teams put their tokens in the path. The read model keeps the host of the URL
 * that version-1 WebhookCreated events recorded, as the projection does on a rebuild; the
 * events themselves are never rewritten. Old webhooks have no fingerprint (it needs the key).
 */
export class WebhookHost1764400015100 implements MigrationInterface {
  name = 'WebhookHost1764400015100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhooks ADD COLUMN host text, ADD COLUMN url_fingerprint text`);
    // WHATWG URL's host: between "scheme://" and the first "/", "?" or "#".
    await q.query(`UPDATE webhooks SET host = substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)')`);
    await q.query(`ALTER TABLE webhooks ALTER COLUMN host SET NOT NULL, DROP COLUMN url`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhooks ADD COLUMN url text`);
    await q.query(`UPDATE webhooks SET url = 'https://' || host || '/…'`);
    await q.query(
      `ALTER TABLE webhooks ALTER COLUMN url SET NOT NULL, DROP COLUMN host, DROP COLUMN url_fingerprint`,
    );
  }
}
