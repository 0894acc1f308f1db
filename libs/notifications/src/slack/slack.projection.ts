import type { Sql } from '../../../database/src/database';
import type { StoredEvent } from '../../../event-store/src/event';
import type { Projection } from '../../../event-store/src/projection';
import {
  SLACK_MESSAGE_EVENTS,
  type SlackAppConfigured,
  type SlackUserLinked,
  type SlackUserUnlinked,
} from './slack.events';

/**
 * The org's Slack app and the members' links. Inline: a click is authorised against the link,
 * so an unlink must hold from the moment its append returns.
 */
export const slackProjection: Projection = {
  name: 'slack',
  mode: 'inline',
  handles: ['SlackAppConfigured', 'SlackAppRemoved', 'SlackUserLinked', 'SlackUserUnlinked', 'MemberRemoved'],
  tables: ['slack_apps', 'slack_links'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    for (const e of events) {
      switch (e.type) {
        case 'SlackAppConfigured': {
          const d = e.data as unknown as SlackAppConfigured;
          await tx.query(
            `INSERT INTO slack_apps (org_id, channel, socket_mode, max_grant_seconds, configured_position, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (org_id) DO UPDATE SET channel = $2, socket_mode = $3, max_grant_seconds = $4, updated_at = $6`,
            [d.org_id, d.channel, d.socket_mode, d.max_grant_seconds, e.position.toString(), e.occurredAt],
          );
          break;
        }
        case 'SlackAppRemoved':
          await tx.query('DELETE FROM slack_apps WHERE org_id = $1', [e.data.org_id]);
          break;
        case 'SlackUserLinked': {
          const d = e.data as unknown as SlackUserLinked;
          await tx.query(
            `INSERT INTO slack_links (org_id, member_id, slack_team_id, slack_user_id, linked_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (org_id, member_id) DO UPDATE SET slack_team_id = $3, slack_user_id = $4, linked_at = $5`,
            [d.org_id, d.member_id, d.slack_team_id, d.slack_user_id, e.occurredAt],
          );
          break;
        }
        case 'SlackUserUnlinked': {
          const d = e.data as unknown as SlackUserUnlinked;
          await tx.query(
            'DELETE FROM slack_links WHERE org_id = $1 AND member_id = $2 AND slack_user_id = $3',
            [d.org_id, d.member_id, d.slack_user_id],
          );
          break;
        }
        case 'MemberRemoved':
          // A removed member's Slack user decides nothing (the decision also checks the member is active).
          await tx.query('DELETE FROM slack_links WHERE member_id = $1', [e.data.member_id]);
          break;
      }
    }
  },
};

/**
 * Marks a request's Slack message for (re)synchronisation whenever its outcome changes: posted
 * on AccessRequested, updated in place on every later decision, whoever made it and wherever
 * (console, Slack, the expiry job). Only for orgs whose app was configured before the event, so
 * a rebuild produces the same rows; the dispatcher renders the request as it is now, so
 * replaying only re-sends what the message already shows. Delivery state, not a read model.
 */
export const slackMessagesProjection: Projection = {
  name: 'slack-messages',
  mode: 'async',
  handles: SLACK_MESSAGE_EVENTS,
  tables: [],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    const orgs = [...new Set(events.map((e) => e.orgId).filter((o): o is string => o !== null))];
    if (orgs.length === 0) return;
    const apps = await tx.query<{ org_id: string; configured_position: string }>(
      'SELECT org_id, configured_position::text FROM slack_apps WHERE org_id = ANY($1)',
      [orgs],
    );
    const since = new Map(apps.map((a) => [a.org_id, BigInt(a.configured_position)]));
    for (const e of events) {
      const from = e.orgId ? since.get(e.orgId) : undefined;
      const requestId = e.data.request_id ?? e.data.grant_id;
      if (from === undefined || from >= e.position || typeof requestId !== 'string') continue;
      if (e.type === 'AccessRequested') {
        await tx.query(
          `INSERT INTO slack_messages (request_id, org_id) VALUES ($1, $2)
           ON CONFLICT (request_id) DO UPDATE SET pending = true, next_attempt_at = now()`,
          [requestId, e.orgId],
        );
      } else {
        await tx.query(
          'UPDATE slack_messages SET pending = true, next_attempt_at = now() WHERE request_id = $1',
          [requestId],
        );
      }
    }
  },
};
