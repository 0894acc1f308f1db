import { randomUUID } from 'node:crypto';
import type { Database, Sql } from '../../../database/src/database';
import type { Failure } from '../../../event-store/src/verify-failure';
import type { ChainState, OrgTally } from '../../../event-store/src/verifier';
import type { AuditTrailState } from './audit-trail.check';

/** The installation-wide outcome of a run; each org is shown its own part (verification.view.ts). */
export interface VerificationResult {
  ok: boolean;
  failure: Failure | null;
  /** The position the walk started after ('0': genesis). */
  from_position: string;
  through_position: string;
  /** Every org's events together: for the operator, never shown to an org. */
  sealed_events: number;
  checkpoint: { position: string; signed_at: string } | null;
  unsealed_events: number;
  audit_trail_pending: number;
}

export type VerificationKind = 'incremental' | 'full';

export interface StoredVerification {
  id: string;
  kind: VerificationKind;
  status: 'running' | 'done' | 'failed';
  started_at: Date;
  finished_at: Date | null;
  result: VerificationResult | null;
  error: string | null;
  /** The reading org's own events, as the run counted them. */
  org: OrgTally | null;
}

/** What the next incremental run starts from, MACed so the database cannot move it. */
export interface Resume {
  chain: ChainState;
  audit: AuditTrailState;
}

/** A run whose heartbeat is older than this was left by an instance that stopped. */
export const ABANDONED_SECONDS = 30;
const ABANDONED = 'abandoned: the instance running it stopped';
/** Finished runs are kept this long (the newest one to resume from, always). */
const KEEP_DAYS = 30;

/*
 * The rows of verification runs (audit_verifications, migration 1764400014000): a run's state
 * lives here, not in the instance running it, so that any instance answers for any run.
 */

export async function reapAbandoned(sql: Sql): Promise<void> {
  await sql.query(
    `UPDATE audit_verifications SET status = 'failed', finished_at = now(), error = $2
     WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)`,
    [ABANDONED_SECONDS, ABANDONED],
  );
}

export async function runningWith(sql: Sql, shareKeys: string[]): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    `SELECT id FROM audit_verifications WHERE status = 'running' AND share_key = ANY($1::text[])
     ORDER BY started_at LIMIT 1`,
    [shareKeys],
  );
  return row?.id ?? null;
}

/** A new running row; null when another request started one with this key just now. */
export async function insertRun(sql: Sql, kind: VerificationKind, shareKey: string): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO audit_verifications (id, kind, share_key, status) VALUES ($1, $2, $3, 'running')
     ON CONFLICT (share_key) WHERE status = 'running' DO NOTHING RETURNING id`,
    [randomUUID(), kind, shareKey],
  );
  return row?.id ?? null;
}

export async function noteRequest(sql: Sql, id: string, orgId: string): Promise<void> {
  await sql.query(
    'INSERT INTO audit_verification_requests (verification_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [id, orgId],
  );
}

export async function heartbeat(sql: Sql, id: string): Promise<void> {
  await sql.query('UPDATE audit_verifications SET heartbeat_at = now() WHERE id = $1', [id]);
}

export async function isRunning(sql: Sql, id: string): Promise<boolean> {
  const [row] = await sql.query<{ status: string }>('SELECT status FROM audit_verifications WHERE id = $1', [
    id,
  ]);
  return row?.status === 'running';
}

export async function markFailed(sql: Sql, id: string, error: string): Promise<void> {
  await sql.query(
    `UPDATE audit_verifications SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`,
    [id, error],
  );
}

/** Run `id` as `orgId` sees it (null: the operator); null when that org never asked for it. */
export async function readRun(
  sql: Sql,
  id: string,
  orgId: string | null,
): Promise<StoredVerification | null> {
  const [row] = await sql.query<
    Omit<StoredVerification, 'org'> & {
      asked: boolean;
      events: string | null;
      last_position: string | null;
      stale: boolean;
    }
  >(
    `SELECT v.id, v.kind, v.status, v.started_at, v.finished_at, v.result, v.error,
            ($2::text IS NULL OR EXISTS (SELECT 1 FROM audit_verification_requests r
                                          WHERE r.verification_id = v.id AND r.org_id = $2)) AS asked,
            o.events::text AS events, o.last_position::text AS last_position,
            v.status = 'running' AND v.heartbeat_at < now() - make_interval(secs => $3) AS stale
     FROM audit_verifications v
     LEFT JOIN audit_verification_orgs o ON o.verification_id = v.id AND o.org_id = $2
     WHERE v.id = $1`,
    [id, orgId, ABANDONED_SECONDS],
  );
  if (!row?.asked) return null;
  return {
    id: row.id,
    kind: row.kind,
    status: row.stale ? 'failed' : row.status,
    started_at: row.started_at,
    finished_at: row.finished_at,
    result: row.result,
    error: row.stale ? ABANDONED : row.error,
    org:
      row.status === 'done' && orgId !== null
        ? { events: Number(row.events ?? 0), last_position: row.last_position }
        : null,
  };
}

/** Stores a finished run: its outcome, each org's tally, and (if intact) where the next resumes. */
export async function recordOutcome(
  db: Database,
  id: string,
  outcome: {
    fromSeq: string;
    result: VerificationResult;
    orgs: Record<string, OrgTally>;
    resume: { text: string; mac: Buffer } | null;
  },
): Promise<void> {
  const orgs = Object.entries(outcome.orgs);
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE audit_verifications SET status = 'done', finished_at = now(), from_seq = $2, result = $3,
         resume = $4, resume_mac = $5
       WHERE id = $1`,
      [
        id,
        outcome.fromSeq,
        JSON.stringify(outcome.result),
        outcome.resume?.text ?? null,
        outcome.resume?.mac ?? null,
      ],
    );
    await tx.query(
      `INSERT INTO audit_verification_orgs (verification_id, org_id, events, last_position)
       SELECT $1, u.org_id, u.events, u.last_position
       FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS u(org_id, events, last_position)`,
      [id, orgs.map(([org]) => org), orgs.map(([, t]) => t.events), orgs.map(([, t]) => t.last_position)],
    );
    await tx.query(
      `DELETE FROM audit_verifications WHERE finished_at < now() - make_interval(days => $1)
         AND id <> (SELECT id FROM audit_verifications WHERE resume IS NOT NULL ORDER BY finished_at DESC LIMIT 1)`,
      [KEEP_DAYS],
    );
  });
}

/** The state the newest intact run stored, with its MAC (checked by the caller). */
export async function latestResume(sql: Sql): Promise<{ resume: Resume; resume_mac: Buffer } | null> {
  const [row] = await sql.query<{ resume: Resume; resume_mac: Buffer }>(
    `SELECT resume, resume_mac FROM audit_verifications WHERE resume IS NOT NULL
     ORDER BY finished_at DESC LIMIT 1`,
  );
  return row ?? null;
}
