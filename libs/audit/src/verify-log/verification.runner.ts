import { createHash, randomUUID } from 'node:crypto';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { Database } from '../../../database/src/database';
import { canonical } from '../../../event-store/src/canonical';
import type { CheckpointSigner } from '../../../event-store/src/checkpoint-signer';
import type { SignedCheckpoint } from '../../../event-store/src/checkpoint-trust';
import type { LogMac } from '../../../event-store/src/log-mac';
import type { Sealer } from '../../../event-store/src/sealer';
import { type ChainState, type Failure, verifyChain } from '../../../event-store/src/verifier';
import { type AuditTrailState, verifyAuditTrail } from './audit-trail.check';

export interface VerificationRequest {
  /** The org asking; null for the operator (`keyledger audit verify`). */
  orgId: string | null;
  /** Walk from genesis instead of from the head the last verification proved. */
  full?: boolean;
  auditorCheckpoint?: { checkpoint: SignedCheckpoint; publicKey?: string };
}

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

export interface StoredVerification {
  id: string;
  kind: 'incremental' | 'full';
  status: 'running' | 'done' | 'failed';
  started_at: Date;
  finished_at: Date | null;
  result: VerificationResult | null;
  error: string | null;
  /** The reading org's own events, as the run counted them. */
  org: { events: number; last_position: string | null } | null;
}

/** What the next incremental run starts from, MACed so the database cannot move it. */
interface Resume {
  chain: ChainState;
  audit: AuditTrailState;
}

const HEARTBEAT_MS = 2000;
/** A run whose heartbeat is older than this was left by an instance that stopped. */
const ABANDONED_SECONDS = 30;

class Interrupted extends Error {}

/**
 * Verification runs as a job (docs/adr/0015): a request starts a run or joins the one already
 * running for the same question, the run walks from the head the last verification proved
 * (or from genesis when asked, or when an auditor's checkpoint lies before it) at flat memory,
 * and its outcome is stored per org. Any instance answers for a run: its row says where it
 * stands, and a run whose instance stopped is marked failed.
 */
export class VerificationRunner implements BeforeApplicationShutdown {
  private readonly runs = new Map<string, { abort: AbortController; done: Promise<void> }>();

  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
    private readonly signer: CheckpointSigner,
    private readonly mac: LogMac,
    /** Seals older than this must be covered by a checkpoint (2 intervals and 5 s). */
    private readonly graceMs: number,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** Starts a run, or joins the one running for the same question; answers its id at once. */
  async start(request: VerificationRequest): Promise<string> {
    const kind = request.full || request.auditorCheckpoint ? 'full' : 'incremental';
    const shareKey = request.auditorCheckpoint
      ? `checkpoint:${createHash('sha256').update(canonical(request.auditorCheckpoint)).digest('hex')}`
      : kind;
    await this.db.query(
      `UPDATE audit_verifications SET status = 'failed', finished_at = now(),
         error = 'abandoned: the instance running it stopped'
       WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)`,
      [ABANDONED_SECONDS],
    );
    // An incremental question is answered by a full run too.
    const joinable = kind === 'incremental' ? ['incremental', 'full'] : [shareKey];
    for (let attempt = 0; ; attempt++) {
      const [running] = await this.db.query<{ id: string }>(
        `SELECT id FROM audit_verifications WHERE status = 'running' AND share_key = ANY($1::text[])
         ORDER BY started_at LIMIT 1`,
        [joinable],
      );
      const id = running?.id ?? (await this.insert(kind, shareKey));
      if (id) {
        if (request.orgId !== null) {
          await this.db.query(
            'INSERT INTO audit_verification_requests (verification_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
            [id, request.orgId],
          );
        }
        if (!running) this.launch(id, kind, request);
        return id;
      }
      if (attempt > 3) throw new Error('could not start or join a verification');
    }
  }

  /** Starts or joins a run and waits for it to end (the CLI). */
  async run(request: VerificationRequest): Promise<StoredVerification> {
    const id = await this.start(request);
    await this.waitFor(id, Number.POSITIVE_INFINITY);
    return (await this.read(id, request.orgId))!;
  }

  /** Waits up to `timeoutMs` for run `id` to end; answers whether it has. */
  async waitFor(id: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const local = this.runs.get(id);
      if (local) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          local.done,
          new Promise((r) => (timer = setTimeout(r, Math.min(left, 2 ** 31 - 1)))),
        ]);
        clearTimeout(timer);
        continue;
      }
      const [row] = await this.db.query<{ status: string }>(
        'SELECT status FROM audit_verifications WHERE id = $1',
        [id],
      );
      if (!row || row.status !== 'running') return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Run `id` as `orgId` sees it; null when that org never asked for it (or it does not exist). */
  async read(id: string, orgId: string | null): Promise<StoredVerification | null> {
    const [row] = await this.db.query<
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
      error: row.stale ? 'abandoned: the instance running it stopped' : row.error,
      org:
        row.status === 'done' && orgId !== null
          ? { events: Number(row.events ?? 0), last_position: row.last_position }
          : null,
    };
  }

  /** Stops the runs of this instance; their rows say they were interrupted. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const run of this.runs.values()) run.abort.abort();
    await Promise.all([...this.runs.values()].map((r) => r.done));
  }

  private async insert(kind: string, shareKey: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO audit_verifications (id, kind, share_key, status) VALUES ($1, $2, $3, 'running')
       ON CONFLICT (share_key) WHERE status = 'running' DO NOTHING RETURNING id`,
      [randomUUID(), kind, shareKey],
    );
    return row?.id ?? null;
  }

  private launch(id: string, kind: 'incremental' | 'full', request: VerificationRequest): void {
    const abort = new AbortController();
    const done = this.execute(id, kind, request, abort.signal)
      .catch(async (error: unknown) => {
        const message =
          error instanceof Interrupted ? 'interrupted: the instance shut down' : 'the run failed';
        if (!(error instanceof Interrupted))
          this.warn(`verification ${id} failed: ${(error as Error).message}`);
        await this.db
          .query(
            `UPDATE audit_verifications SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`,
            [id, message],
          )
          .catch(() => undefined);
      })
      .finally(() => this.runs.delete(id));
    this.runs.set(id, { abort, done });
  }

  private async execute(
    id: string,
    kind: 'incremental' | 'full',
    request: VerificationRequest,
    signal: AbortSignal,
  ): Promise<void> {
    let beat = Date.now();
    const onBatch = async () => {
      if (signal.aborted) throw new Interrupted();
      if (Date.now() - beat < HEARTBEAT_MS) return;
      beat = Date.now();
      await this.db.query('UPDATE audit_verifications SET heartbeat_at = now() WHERE id = $1', [id]);
    };
    const from = kind === 'incremental' ? await this.resumePoint() : null;
    // What committed before the request is sealed first, so the answer covers it.
    await this.sealer.sealCommitted();
    const chain = await verifyChain(this.db, {
      mac: this.mac,
      trust: this.signer.trust,
      from: from?.chain,
      auditorCheckpoint: request.auditorCheckpoint,
      graceMs: this.graceMs,
      onBatch,
    });
    const audit = await verifyAuditTrail(this.db, { from: from?.audit, onBatch });
    const ok = chain.ok && audit.ok;
    const result: VerificationResult = {
      ok,
      failure: chain.failure ?? audit.failure,
      from_position: from?.chain.position ?? '0',
      through_position: chain.state.position,
      sealed_events: chain.state.events,
      checkpoint: chain.checkpoint && {
        position: chain.checkpoint.position,
        signed_at: chain.checkpoint.signed_at,
      },
      unsealed_events: chain.unsealed_events,
      audit_trail_pending: audit.pending,
    };
    // Only a run that found the log intact moves where the next one starts.
    const resume: Resume | null = ok ? { chain: chain.state, audit: audit.state } : null;
    const orgs = Object.entries(chain.state.orgs);
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE audit_verifications SET status = 'done', finished_at = now(), from_seq = $2, result = $3,
           resume = $4, resume_mac = $5
         WHERE id = $1`,
        [
          id,
          chain.from_seq,
          JSON.stringify(result),
          resume && JSON.stringify(resume),
          resume && this.mac.stateMac(canonical(resume)),
        ],
      );
      await tx.query(
        `INSERT INTO audit_verification_orgs (verification_id, org_id, events, last_position)
         SELECT $1, u.org_id, u.events, u.last_position
         FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS u(org_id, events, last_position)`,
        [id, orgs.map(([org]) => org), orgs.map(([, t]) => t.events), orgs.map(([, t]) => t.last_position)],
      );
    });
  }

  /** Where the newest intact run ended, if its record is the service's own. */
  private async resumePoint(): Promise<Resume | null> {
    const [row] = await this.db.query<{ resume: Resume; resume_mac: Buffer }>(
      `SELECT resume, resume_mac FROM audit_verifications WHERE resume IS NOT NULL
       ORDER BY finished_at DESC LIMIT 1`,
    );
    if (!row) return null;
    if (!this.mac.stateMacValid(canonical(row.resume), row.resume_mac)) {
      this.warn('the stored verification state does not carry the service’s MAC: verifying from genesis');
      return null;
    }
    return row.resume;
  }
}
