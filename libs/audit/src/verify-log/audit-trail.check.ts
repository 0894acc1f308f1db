import type { Sql } from '../../../database/src/database';
import { utcMicros } from '../../../event-store/src/sealer';
import type { LogCursor } from '../../../event-store/src/event-store';
import { SubscriptionRunner } from '../../../event-store/src/subscription-runner';
import { fail, type Failure, VerifyStop } from '../../../event-store/src/verify-failure';
import { DERIVED } from '../export-events/export-format';
import { auditEventsProjection } from '../list-events/audit-events.projection';

/** Where a check of the audit trail stands: after audit row `seq`, whose event has seal `seal_seq`. */
export interface AuditTrailState {
  seq: string;
  seal_seq: string;
  /** That row's occurred_hw (UTC, microseconds); null before the first row. */
  hw: string | null;
  /** The largest lag of a row behind the high water seen so far, in ms. */
  skew_ms: number;
}

export const AUDIT_TRAIL_START: AuditTrailState = { seq: '0', seal_seq: '0', hw: null, skew_ms: 0 };

export interface AuditTrailVerdict {
  ok: boolean;
  failure: Failure | null;
  state: AuditTrailState;
  /** Rows for events not sealed yet: checked against the log, their place checked next time. */
  pending: number;
}

interface Row {
  seq: string;
  position: string;
  org_id: string;
  has_event: boolean;
  seal_seq: string | null;
  hw: string;
  occurred_at: string | null;
  skew_ms: string;
  same: boolean;
}

const derived = DERIVED('e');

/**
 * Every column of an audit row as the projection derives it from its event
 * (audit-events.projection.ts). Ids compare as the audit table stores them, byte by byte.
 */
const SAME = `coalesce(
  a.stream_id = e.stream_id COLLATE "C" AND a.stream_version = e.stream_version
  AND a.org_id = e.org_id COLLATE "C" AND a.type = e.type COLLATE "C" AND a.event_version = e.event_version
  AND a.data = e.data AND a.metadata = e.metadata AND a.occurred_at = e.occurred_at
  AND a.actor_type = coalesce(e.metadata->'actor'->>'type', 'system') COLLATE "C"
  AND a.actor_id = coalesce(e.metadata->'actor'->>'id', 'unknown') COLLATE "C"
  AND a.agent_id IS NOT DISTINCT FROM (${derived.agentId}) COLLATE "C"
  AND a.tool_id IS NOT DISTINCT FROM (${derived.toolId}) COLLATE "C", false)`;

const PAGE = `
  SELECT a.seq::text AS seq, a.position::text AS position, coalesce(e.org_id, a.org_id) AS org_id,
         e.position IS NOT NULL AS has_event, s.seq::text AS seal_seq,
         ${utcMicros('a.occurred_hw')} AS hw, ${utcMicros('e.occurred_at')} AS occurred_at,
         ceil(extract(epoch FROM a.occurred_hw - a.occurred_at) * 1000)::text AS skew_ms,
         ${SAME} AS same
  FROM audit_events a
  LEFT JOIN events e ON e.position = a.position
  LEFT JOIN event_seals s ON s.position = a.position
  WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`;

// The org events in chain order after a seal: the audit trail must hold exactly these, in this order.
const ORG_EVENTS = `
  SELECT s.seq::text AS seal_seq, e.position::text AS position, e.org_id
  FROM event_seals s JOIN events e ON e.position = s.position
  WHERE s.seq > $1 AND e.org_id IS NOT NULL ORDER BY s.seq LIMIT $2`;

/**
 * Proves the audit trail (what the audit API lists and exports) equal to the chained log, row
 * for row: the k-th audit row is the k-th org event in chain order, every column as the
 * projection derives it, the time index (occurred_hw, max_skew_ms) as it must be, and no org
 * event the projection has passed is missing. Rows for events not sealed yet are compared with
 * their events and left for the next run to place. A page at a time: memory stays flat.
 */
export async function verifyAuditTrail(
  sql: Sql,
  options: { from?: AuditTrailState; batchSize?: number; onBatch?: () => Promise<void> } = {},
): Promise<AuditTrailVerdict> {
  const batchSize = options.batchSize ?? 1000;
  const state: AuditTrailState = { ...(options.from ?? AUDIT_TRAIL_START) };
  let pending = 0;
  // Read before the rows: every event the projection has passed is then among them.
  const projected = await SubscriptionRunner.checkpoint(sql, auditEventsProjection.name);
  try {
    for (let more = true; more;) {
      const rows = await sql.query<Row>(PAGE, [state.seq, batchSize]);
      const expected = await sql.query<{ seal_seq: string; position: string; org_id: string }>(ORG_EVENTS, [
        state.seal_seq,
        batchSize,
      ]);
      more = rows.length === batchSize;
      for (const [i, row] of rows.entries()) {
        if (!row.has_event)
          fail(row.position, 'the audit trail serves an event the log does not hold', row.org_id);
        if (!row.same)
          fail(row.position, 'the audit trail serves this event differently from the log', row.org_id);
        if (row.seal_seq === null || pending > 0) {
          pending += 1; // sealed next: its place in the chain is checked by the next run
          more = false;
          continue;
        }
        const want = expected[i];
        if (BigInt(row.seq) !== BigInt(state.seq) + 1n || want?.position !== row.position) {
          fail(
            want?.position ?? row.position,
            'the audit trail leaves out or misplaces this event',
            want?.org_id ?? row.org_id,
          );
        }
        const hw = state.hw === null || row.occurred_at! > state.hw ? row.occurred_at! : state.hw;
        if (row.hw !== hw) fail(row.position, 'the audit trail’s time index was altered', row.org_id);
        state.seq = row.seq;
        state.seal_seq = row.seal_seq;
        state.hw = hw;
        state.skew_ms = Math.max(state.skew_ms, Number(row.skew_ms));
      }
      if (options.onBatch) await options.onBatch();
    }
    // With rows still to be placed, the next run checks what lies between (it will be sealed).
    if (pending === 0) await checkNothingLeftOut(sql, state, projected);
    await checkWatermark(sql, state);
    return { ok: true, failure: null, state, pending };
  } catch (error) {
    if (!(error instanceof VerifyStop)) throw error;
    return { ok: false, failure: error.failure, state, pending };
  }
}

/** Org events sealed after the last audit row that the projection has already passed. */
async function checkNothingLeftOut(sql: Sql, state: AuditTrailState, projected: LogCursor): Promise<void> {
  const [missing] = await sql.query<{ position: string; org_id: string }>(
    `SELECT e.position::text AS position, e.org_id
     FROM event_seals s JOIN events e ON e.position = s.position
     WHERE s.seq > $1 AND e.org_id IS NOT NULL
       AND (e.transaction_id, e.position) <= ($2::text::xid8, $3::bigint)
     ORDER BY s.seq LIMIT 1`,
    [state.seal_seq, projected.transactionId.toString(), projected.position.toString()],
  );
  if (missing) fail(missing.position, 'the audit trail leaves out or misplaces this event', missing.org_id);
}

/** The largest skew bounds the `to` of a time filter: understated, a filter would skip rows. */
async function checkWatermark(sql: Sql, state: AuditTrailState): Promise<void> {
  if (state.seq === '0') return;
  const [mark] = await sql.query<{ max_skew_ms: string }>(
    'SELECT max_skew_ms::text AS max_skew_ms FROM audit_watermark WHERE id = 1',
  );
  if (!mark || Number(mark.max_skew_ms) < state.skew_ms) {
    fail(
      null,
      'the audit trail’s time bounds (audit_watermark) were altered: time filters would skip events',
    );
  }
}
