import type { Sql } from '../../../database/src/database';
import type { StoredEvent } from '../../../event-store/src/event';
import type { Projection } from '../../../event-store/src/projection';

/**
 * One INSERT per batch that copies the rows from the log itself: the payload never travels
 * to Node and back (a rebuild of millions of events could not afford a row at a time, nor
 * re-serialising every event), and the audit trail serves each event exactly as recorded,
 * the content the hash chain binds. Then the running state moves on, in the same statement.
 *
 * agent_id is the agent that acted, else the agent the event is about (data.agent_id): for an
 * agent's own acts the two are the same agent, and an agent actor is always found this way.
 *
 * occurred_hw is the greatest occurred_at so far in seq order; max_skew_ms is how far any row
 * has ever been behind it (rounded up). Together they map a time range to a seq range
 * (list-events/audit-filters.ts).
 */
const APPLY = `
  WITH batch AS (
    SELECT u.seq, e.*,
           greatest($3::timestamptz, max(e.occurred_at) OVER (ORDER BY u.seq)) AS hw
    FROM unnest($1::bigint[], $2::bigint[]) AS u(position, seq)
    JOIN events e ON e.position = u.position
  ), inserted AS (
    INSERT INTO audit_events (seq, position, stream_id, stream_version, org_id, type, event_version, data,
      metadata, actor_type, actor_id, agent_id, tool_id, occurred_at, occurred_hw)
    SELECT seq, position, stream_id, stream_version, org_id, type, event_version, data, metadata,
      coalesce(metadata->'actor'->>'type', 'system'), coalesce(metadata->'actor'->>'id', 'unknown'),
      CASE WHEN metadata->'actor'->>'type' = 'agent' THEN metadata->'actor'->>'id'
           WHEN jsonb_typeof(data->'agent_id') = 'string' THEN data->>'agent_id' END,
      CASE WHEN jsonb_typeof(data->'tool_id') = 'string' THEN data->>'tool_id' END,
      occurred_at, hw
    FROM batch
    RETURNING seq, occurred_at, occurred_hw
  )
  INSERT INTO audit_watermark AS w (id, last_seq, occurred_hw, max_skew_ms)
  SELECT 1, max(seq), max(occurred_hw),
         greatest($4::bigint, max(ceil(extract(epoch FROM occurred_hw - occurred_at) * 1000))::bigint)
  FROM inserted
  ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, occurred_hw = excluded.occurred_hw,
    max_skew_ms = excluded.max_skew_ms`;

interface Watermark {
  last_seq: string;
  /** As text: a JS Date would drop the microseconds and let the high water step back. */
  occurred_hw: string;
  max_skew_ms: string;
}

/**
 * Every event type, today's and any added later: an audit trail that silently missed a new
 * type would be worse than none. ProjectionRegistry.feed asks `handles.includes(type)`.
 */
class EveryEventType extends Array<string> {
  override includes(): boolean {
    return true;
  }
}

/**
 * The audit trail: every org event with its filter columns, numbered in the order the log
 * committed them (the subscription reads in that order, so numbering never has to go back).
 * Async: a vend must not wait for it, and the audit API may lag by a moment. Events without
 * an org (MasterKeyRotated) belong to no auditor and are left out.
 */
export const auditEventsProjection: Projection = {
  name: 'audit-events',
  mode: 'async',
  handles: new EveryEventType(),
  tables: ['audit_events', 'audit_watermark'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    const mine = events.filter((e) => e.orgId !== null);
    if (mine.length === 0) return;
    // Two runners (instances) may apply the same batch at once; the loser's checkpoint
    // compare-and-set fails anyway, but numbering from the same watermark would collide on
    // seq first. Serialise here so it fails cleanly on the checkpoint instead.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('keyledger:audit-events'))`);
    const [state] = await tx.query<Watermark>(
      `SELECT last_seq::text AS last_seq, occurred_hw::text AS occurred_hw, max_skew_ms::text AS max_skew_ms
       FROM audit_watermark WHERE id = 1`,
    );
    const last = BigInt(state?.last_seq ?? '0');
    await tx.query(APPLY, [
      mine.map((e) => e.position.toString()),
      mine.map((_, i) => (last + BigInt(i) + 1n).toString()),
      state?.occurred_hw ?? '-infinity',
      state?.max_skew_ms ?? '0',
    ]);
  },
};
