import { DomainError } from '../../../common/src/domain-error';
import type { Sql } from '../../../database/src/database';
import { planPages } from '../list-events/audit-filters';
import type { ActivityCountDto, ActivityDto } from './activity.dto';

const HOUR_MS = 3_600_000;
const WIDTH_MS = { hour: HOUR_MS, day: 24 * HOUR_MS } as const;
const MAX_BUCKETS = 744;
const TYPES = ['CredentialVended', 'CredentialDenied', 'AgentRequestsRefused'];

/**
 * Fetches and denials per bucket, tool and agent: what the overview charts, so a spike of
 * denials from one agent's key stands out. Read from the audit trail through the same
 * time-to-seq narrowing as a filtered list, so a week is an index range, not the whole log.
 */
export async function activity(
  sql: Sql,
  orgId: string,
  q: { from?: string; to?: string; bucket?: 'hour' | 'day' },
): Promise<ActivityDto> {
  const bucket = q.bucket ?? 'day';
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * 24 * HOUR_MS);
  const field = (name: string, message: string) =>
    new DomainError('invalid', 'invalid-activity-window', `${name} ${message}`, {
      errors: [{ field: name, message }],
    });
  if (from >= to) throw field('from', 'must be before to');
  if ((to.getTime() - from.getTime()) / WIDTH_MS[bucket] > MAX_BUCKETS) {
    throw field('from', `spans more than ${MAX_BUCKETS} buckets of one ${bucket}; choose a wider bucket`);
  }
  const window = { from: from.toISOString(), to: to.toISOString(), bucket };
  const plan = await planPages(sql, orgId, { types: TYPES, from, to }, { after: 0n, before: null });
  if (!plan) return { ...window, counts: [] };
  const params: unknown[] = [orgId, plan.window.after.toString(), from, to, bucket];
  const before =
    plan.window.before === null ? '' : `AND a.seq < $${params.push(plan.window.before.toString())}`;
  const rows = await sql.query<ActivityCountDto>(
    `SELECT to_char(date_trunc($5, a.occurred_at, 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS bucket_start,
            a.tool_id, a.agent_id,
            count(*) FILTER (WHERE a.type = 'CredentialVended')::int AS fetches,
            (count(*) FILTER (WHERE a.type = 'CredentialDenied')
              + coalesce(sum((a.data->>'count')::int) FILTER (WHERE a.type = 'AgentRequestsRefused'), 0))::int AS denials
     FROM audit_events a
     WHERE a.org_id = $1 AND a.seq > $2 ${before}
       AND a.type IN ('CredentialVended', 'CredentialDenied', 'AgentRequestsRefused')
       AND a.occurred_at >= $3 AND a.occurred_at < $4 AND a.agent_id IS NOT NULL
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3`,
    params,
  );
  return { ...window, counts: rows };
}
