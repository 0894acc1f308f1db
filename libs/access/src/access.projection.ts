import type { Sql } from '../../database/src/database';
import type { StoredEvent } from '../../event-store/src/event';
import type { Projection } from '../../event-store/src/projection';
import { policiesProjection } from './policies/policies.projection';
import type { AccessApproved, AccessDenied, AccessRequested, GrantRevoked } from './access.events';

/** Requests and grants: every credential fetch is checked against this, so it is inline. */
export const accessProjection: Projection = {
  name: 'access',
  mode: 'inline',
  handles: [
    'AccessRequested',
    'AccessApprovalRecorded',
    'AccessApproved',
    'AccessDenied',
    'GrantRevoked',
    'GrantExpired',
    'AccessRequestExpired',
  ],
  tables: ['access_requests'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    for (const e of events) {
      const d = e.data;
      const at = e.occurredAt;
      switch (e.type) {
        case 'AccessRequested': {
          const r = d as unknown as AccessRequested;
          await tx.query(
            `INSERT INTO access_requests (id, org_id, agent_id, tool_id, status, reason, requested_duration_seconds, requested_at, updated_at)
             VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $7)`,
            [r.request_id, e.orgId, r.agent_id, r.tool_id, r.reason, r.duration_seconds, at],
          );
          break;
        }
        case 'AccessApprovalRecorded':
          await tx.query(
            `UPDATE access_requests SET approvals = approvals || jsonb_build_array(jsonb_build_object(
               'member_id', $2::text, 'note', $3::text, 'at', $4::timestamptz)), updated_at = $4 WHERE id = $1`,
            [d.request_id, d.approved_by, d.note ?? null, at],
          );
          break;
        case 'AccessApproved': {
          const a = d as unknown as AccessApproved;
          await tx.query(
            `UPDATE access_requests SET status = 'approved', decided_at = $2, decided_by = $3, decision_note = $4,
               approved_at = $5, granted_duration_seconds = $6, expires_at = $7, updated_at = $2,
               approvals = approvals || jsonb_build_array(jsonb_build_object('member_id', $3::text, 'note', $4::text, 'at', $2::timestamptz))
             WHERE id = $1`,
            [a.request_id, at, a.approved_by, a.note, a.approved_at, a.duration_seconds, a.expires_at],
          );
          break;
        }
        case 'AccessDenied': {
          const r = d as unknown as AccessDenied;
          await tx.query(
            `UPDATE access_requests SET status = 'denied', decided_at = $2, decided_by = $3, denial_reason = $4, updated_at = $2
             WHERE id = $1`,
            [r.request_id, at, r.denied_by, r.reason],
          );
          break;
        }
        case 'GrantRevoked': {
          const r = d as unknown as GrantRevoked;
          await tx.query(
            `UPDATE access_requests SET status = 'revoked', ended_at = $2, ended_by = $3, end_reason = $4, updated_at = $2 WHERE id = $1`,
            [r.grant_id, at, r.revoked_by, r.reason],
          );
          break;
        }
        case 'GrantExpired':
        case 'AccessRequestExpired':
          await tx.query(
            `UPDATE access_requests SET status = 'expired', ended_at = $2, end_reason = 'expired', updated_at = $3 WHERE id = $1`,
            [d.grant_id ?? d.request_id, d.expired_at, at],
          );
          break;
      }
    }
  },
};

interface UsageDelta {
  orgId: string | null;
  vended: number;
  denied: number;
  lastVendedAt: Date | null;
  lastDeniedAt: Date | null;
}

/**
 * Vend counts for the console; not authorization-critical, so they catch up asynchronously.
 * A batch is added up per grant first and written in one statement: fetches are most of the
 * log, and a rebuild of millions of them cannot afford a round trip each.
 */
export const grantUsageProjection: Projection = {
  name: 'grant-usage',
  mode: 'async',
  handles: ['CredentialVended', 'CredentialDenied'],
  tables: ['grant_usage'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    const byGrant = new Map<string, UsageDelta>();
    for (const e of events) {
      const grantId = (e.data.grant_id as string | null) ?? null;
      if (!grantId) continue;
      const u = byGrant.get(grantId) ?? {
        orgId: e.orgId,
        vended: 0,
        denied: 0,
        lastVendedAt: null,
        lastDeniedAt: null,
      };
      if (e.type === 'CredentialVended') {
        u.vended++;
        u.lastVendedAt = e.occurredAt; // the batch is in log order: the last one seen is the latest
      } else {
        u.denied++;
        u.lastDeniedAt = e.occurredAt;
      }
      byGrant.set(grantId, u);
    }
    if (byGrant.size === 0) return;
    const usage = [...byGrant.values()];
    await tx.query(
      `INSERT INTO grant_usage AS g (grant_id, org_id, vend_count, denied_count, last_vended_at, last_denied_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::timestamptz[], $6::timestamptz[])
       ON CONFLICT (grant_id) DO UPDATE SET vend_count = g.vend_count + excluded.vend_count,
         denied_count = g.denied_count + excluded.denied_count,
         last_vended_at = coalesce(excluded.last_vended_at, g.last_vended_at),
         last_denied_at = coalesce(excluded.last_denied_at, g.last_denied_at)`,
      [
        [...byGrant.keys()],
        usage.map((u) => u.orgId),
        usage.map((u) => u.vended),
        usage.map((u) => u.denied),
        usage.map((u) => u.lastVendedAt),
        usage.map((u) => u.lastDeniedAt),
      ],
    );
  },
};

export const accessProjections: Projection[] = [accessProjection, grantUsageProjection, policiesProjection];
