import type { Sql } from '../../../database/src/database';
import type { AuditFiltersDto } from './list-events.dto';

export interface AuditFilters {
  types: string[];
  agentId?: string;
  toolId?: string;
  actorType?: string;
  actorId?: string;
  streamId?: string;
  from?: Date;
  to?: Date;
}

/** A half-open window of seq: rows with `after < seq` and, when set, `seq < before`. */
export interface SeqWindow {
  after: bigint;
  before: bigint | null;
}

/** What the page queries need to know beyond the filters, looked up once per list or export. */
export interface PagePlan {
  window: SeqWindow;
  /** Whether `actorId` names an agent (found through agent_id) or a member or job. */
  actorIsAgent: boolean;
}

/** Must match the partial index audit_events_hw (migration 1764400005000). */
const SAMPLE = 64;

export function filtersOf(q: AuditFiltersDto): AuditFilters {
  return {
    types: q.type ? [...new Set(q.type.split(','))] : [],
    agentId: q.agent_id,
    toolId: q.tool_id,
    actorType: q.actor_type,
    actorId: q.actor_id,
    streamId: q.stream_id,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
}

/** The first sampled seq whose high water reaches `at` (plus the largest skew, for an end). */
async function firstSampleReaching(sql: Sql, at: Date, plusSkew: boolean): Promise<bigint | null> {
  const skew = plusSkew ? `+ (SELECT max_skew_ms FROM audit_watermark WHERE id = 1) * interval '1 ms'` : '';
  const [row] = await sql.query<{ seq: string }>(
    `SELECT seq::text AS seq FROM audit_events WHERE seq % ${SAMPLE} = 0 AND occurred_hw >= $1::timestamptz ${skew}
     ORDER BY occurred_hw, seq LIMIT 1`,
    [at],
  );
  return row ? BigInt(row.seq) : null;
}

/**
 * Narrows `window` to the seq range that can hold events of [from, to), so a time filter is
 * an index range, not a scan from the start of the log. occurred_hw never decreases with seq
 * and is never below a row's occurred_at, and no row lies more than max_skew behind it. So
 * with S the first sampled row whose high water reaches `from`, every row at or after `from`
 * lies after S - 64 (the sample before S had not reached it); and with E the first sampled row
 * whose high water reaches `to + max_skew`, every row before `to` lies before E.
 */
async function timeWindow(sql: Sql, f: AuditFilters, window: SeqWindow): Promise<SeqWindow | null> {
  let { after, before } = window;
  if (f.from) {
    const s = await firstSampleReaching(sql, f.from, false);
    let floor: bigint;
    if (s !== null) floor = s - BigInt(SAMPLE);
    else {
      // No sample reaches `from`: only rows after the last sample can.
      const [last] = await sql.query<{ seq: string | null }>(
        `SELECT max(seq)::text AS seq FROM audit_events WHERE seq % ${SAMPLE} = 0`,
      );
      floor = BigInt(last.seq ?? '0');
    }
    if (floor > after) after = floor;
  }
  if (f.to) {
    const e = await firstSampleReaching(sql, f.to, true);
    if (e !== null && (before === null || e < before)) before = e;
  }
  return before !== null && before <= after + 1n ? null : { after, before };
}

/** Resolves what the page queries need; null when nothing can match. */
export async function planPages(
  sql: Sql,
  orgId: string,
  f: AuditFilters,
  window: SeqWindow,
): Promise<PagePlan | null> {
  const narrowed = await timeWindow(sql, f, window);
  if (!narrowed) return null;
  let actorIsAgent = f.actorType === 'agent';
  if (f.actorId && !f.actorType) {
    // Ids are unique across agents, members and jobs: one indexed probe says which it is.
    const [hit] = await sql.query(
      `SELECT 1 FROM audit_events WHERE org_id = $1 AND agent_id = $2 AND actor_type = 'agent' LIMIT 1`,
      [orgId, f.actorId],
    );
    actorIsAgent = hit !== undefined;
  }
  return { window: narrowed, actorIsAgent };
}

/**
 * One page of an org's audit events in seq order (newest first when `descending`): `columns`
 * over alias `a`, with a `seq` column for keyset paging. Every branch is one index range read in seq order up to the
 * limit; several types are one branch each, merged (a plain `type = ANY` would read every
 * matching row and sort them).
 */
export function auditPageQuery(
  orgId: string,
  f: AuditFilters,
  plan: PagePlan,
  limit: number,
  columns: string,
  descending = false,
): { text: string; params: unknown[] } {
  const order = descending ? 'DESC' : '';
  const params: unknown[] = [orgId, plan.window.after.toString(), limit];
  const where = ['a.org_id = $1', 'a.seq > $2'];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (plan.window.before !== null) where.push(`a.seq < ${param(plan.window.before.toString())}`);
  if (f.agentId) where.push(`a.agent_id = ${param(f.agentId)}`);
  if (f.toolId) where.push(`a.tool_id = ${param(f.toolId)}`);
  if (f.actorType) where.push(`a.actor_type = ${param(f.actorType)}`);
  // An agent acting is indexed by agent_id; other actors by actor_id (see the migration).
  if (f.actorId && plan.actorIsAgent)
    where.push(`a.agent_id = ${param(f.actorId)} AND a.actor_type = 'agent'`);
  if (f.actorId && !plan.actorIsAgent)
    where.push(`a.actor_id = ${param(f.actorId)} AND a.actor_type <> 'agent'`);
  if (f.streamId) where.push(`a.stream_id = ${param(f.streamId)}`);
  if (f.from) where.push(`a.occurred_at >= ${param(f.from)}`);
  if (f.to) where.push(`a.occurred_at < ${param(f.to)}`);
  const branch = (type?: string) =>
    `SELECT a.seq, ${columns} FROM audit_events a
     WHERE ${[...where, ...(type ? [`a.type = ${param(type)}`] : [])].join(' AND ')}
     ORDER BY a.seq ${order} LIMIT $3`;
  if (f.types.length <= 1) return { text: branch(f.types[0]), params };
  // Each type a parameter of its own branch, so the planner sees its value and can use the
  // partial type index (a type taken from unnest() could not).
  const branches = f.types.map((t) => `(${branch(t)})`).join(' UNION ALL ');
  return { text: `SELECT x.* FROM (${branches}) x ORDER BY x.seq ${order} LIMIT $3`, params };
}
