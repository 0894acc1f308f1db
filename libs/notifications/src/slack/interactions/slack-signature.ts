import { Inject, Injectable } from '@nestjs/common';
import { verifySlackRequest } from '@slack/bolt';
import { DomainError } from '../../../../common/src/domain-error';
import { Database } from '../../../../database/src/database';
import { SlackApi, type SlackApp } from '../slack-api';

const refused = (why: string) =>
  new DomainError(
    'unauthenticated',
    'invalid-slack-signature',
    `not a request Slack signed for this org: ${why}`,
  );

/**
 * An HTTP request from Slack: its v0 signature over the raw body and timestamp, with the org's
 * signing secret, within Slack's five-minute window (Bolt's verifySlackRequest), before
 * anything else is read. A signature already seen in that window is a replay and refused too.
 */
@Injectable()
export class SlackSignature {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(SlackApi) private readonly slack: SlackApi,
  ) {}

  async verify(orgId: string, headers: Record<string, unknown>, rawBody: string): Promise<SlackApp> {
    const signature = headers['x-slack-signature'];
    const timestamp = Number(headers['x-slack-request-timestamp']);
    if (typeof signature !== 'string' || !Number.isInteger(timestamp))
      throw refused('signature headers missing');
    const app = await this.slack.app(orgId);
    if (!app) throw refused('no Slack app is configured');
    try {
      verifySlackRequest({
        signingSecret: app.secrets.signing_secret,
        body: rawBody,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      });
    } catch {
      throw refused('bad signature or stale timestamp');
    }
    // Shared by every instance: a replay to another instance is caught too.
    const [fresh] = await this.db.query(
      `WITH pruned AS (DELETE FROM slack_seen_requests WHERE seen_at < now() - interval '10 minutes')
       INSERT INTO slack_seen_requests (org_id, signature) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [orgId, signature],
    );
    if (!fresh) throw refused('this request was already received (a replay)');
    return app;
  }
}
