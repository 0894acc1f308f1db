import type { Sql } from '../../../database/src/database';
import type { StoredEvent } from '../../../event-store/src/event';
import type { Projection } from '../../../event-store/src/projection';

type Apply = (tx: Sql, e: StoredEvent, d: Record<string, unknown>) => Promise<unknown>;

// Interval bounds are the events' own times (occurred_at, the database clock), except the
// approval and expiry, which the AccessApproved fact states and every other view shows.
const APPLY: Record<string, Apply> = {
  AccessApproved: (tx, e, d) =>
    tx.query(
      `INSERT INTO access_intervals (grant_id, org_id, agent_id, tool_id, approved_at, approved_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (grant_id) DO NOTHING`,
      [
        d.request_id,
        e.orgId,
        d.agent_id,
        d.tool_id,
        d.approved_at ?? e.occurredAt,
        d.approved_by,
        d.expires_at ?? null,
      ],
    ),
  GrantRevoked: (tx, e, d) =>
    tx.query(
      `UPDATE access_intervals SET ended_at = $2, end_reason = 'revoked' WHERE grant_id = $1 AND ended_at IS NULL`,
      [d.grant_id, e.occurredAt],
    ),
  GrantExpired: (tx, e, d) =>
    tx.query(
      `UPDATE access_intervals SET ended_at = $2, end_reason = 'expired' WHERE grant_id = $1 AND ended_at IS NULL`,
      [d.grant_id, d.expired_at ?? e.occurredAt],
    ),
  AgentSuspended: (tx, e, d) =>
    tx.query(
      `INSERT INTO agent_suspensions (agent_id, org_id, suspended_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [d.agent_id, e.orgId, e.occurredAt],
    ),
  AgentReactivated: (tx, e, d) =>
    tx.query(
      `UPDATE agent_suspensions SET reactivated_at = $2 WHERE agent_id = $1 AND reactivated_at IS NULL`,
      [d.agent_id, e.occurredAt],
    ),
  AgentKeyIssued: (tx, e, d) =>
    tx.query(
      `INSERT INTO agent_key_intervals (key_id, agent_id, org_id, issued_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key_id) DO NOTHING`,
      [d.key_id, d.agent_id, e.orgId, e.occurredAt],
    ),
  AgentKeyRevoked: (tx, e, d) =>
    tx.query(`UPDATE agent_key_intervals SET revoked_at = $2 WHERE key_id = $1 AND revoked_at IS NULL`, [
      d.key_id,
      e.occurredAt,
    ]),
  ToolRetired: (tx, e, d) =>
    tx.query(
      `INSERT INTO tool_retirements (tool_id, org_id, retired_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [d.tool_id, e.orgId, e.occurredAt],
    ),
};

/**
 * When each grant, suspension, key and retirement began and ended, so "who could fetch what
 * at T" has an answer for any past T, not just now. Inline: these events are rare (never a
 * vend), and an auditor asking about the instant just after an approval must see it.
 */
export const accessIntervalsProjection: Projection = {
  name: 'access-intervals',
  mode: 'inline',
  handles: Object.keys(APPLY),
  tables: ['access_intervals', 'agent_suspensions', 'agent_key_intervals', 'tool_retirements'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    for (const e of events) await APPLY[e.type]?.(tx, e, e.data);
  },
};
