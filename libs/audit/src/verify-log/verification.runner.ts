import { createHash } from 'node:crypto';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { Database } from '../../../database/src/database';
import { canonical } from '../../../event-store/src/canonical';
import type { CheckpointSigner } from '../../../event-store/src/checkpoint-signer';
import type { SignedCheckpoint } from '../../../event-store/src/checkpoint-trust';
import type { LogMac } from '../../../event-store/src/log-mac';
import type { Sealer } from '../../../event-store/src/sealer';
import { verifyChain } from '../../../event-store/src/verifier';
import { verifyAuditTrail } from './audit-trail.check';
import {
  heartbeat,
  insertRun,
  isRunning,
  latestResume,
  markFailed,
  noteRequest,
  readRun,
  reapAbandoned,
  recordOutcome,
  type Resume,
  runningWith,
  type StoredVerification,
  type VerificationKind,
  type VerificationResult,
} from './verification.record';

export type { StoredVerification, VerificationResult };

export interface VerificationRequest {
  /** The org asking; null for the operator (`keyledger audit verify`). */
  orgId: string | null;
  /** Walk from genesis instead of from the head the last verification proved. */
  full?: boolean;
  auditorCheckpoint?: { checkpoint: SignedCheckpoint; publicKey?: string };
}

const HEARTBEAT_MS = 5000;

class Interrupted extends Error {}

/**
 * Verification runs as a job (docs/adr/0015): a request starts a run or joins the one already
 * running for the same question, the run walks from the head the last intact verification
 * proved (or from genesis when asked, or when an auditor's checkpoint lies before it) at flat
 * memory, and its outcome is stored per org. Any instance answers for a run: its row says
 * where it stands, and a run whose instance stopped is marked failed.
 */
export class VerificationRunner implements BeforeApplicationShutdown {
  private readonly runs = new Map<string, { abort: AbortController; done: Promise<void> }>();

  constructor(
    private readonly db: Database,
    private readonly sealer: Sealer,
    private readonly signer: CheckpointSigner,
    private readonly mac: LogMac,
    /** Seals older than this must be covered by a checkpoint (checkpointGraceMs). */
    private readonly graceMs: number,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** Starts a run, or joins the one running for the same question; answers its id at once. */
  async start(request: VerificationRequest): Promise<string> {
    const kind: VerificationKind = request.full || request.auditorCheckpoint ? 'full' : 'incremental';
    const shareKey = request.auditorCheckpoint
      ? `checkpoint:${createHash('sha256').update(canonical(request.auditorCheckpoint)).digest('hex')}`
      : kind;
    await reapAbandoned(this.db);
    // An incremental question is answered by a full run too.
    const joinable = kind === 'incremental' ? ['incremental', 'full'] : [shareKey];
    for (let attempt = 0; attempt < 5; attempt++) {
      const running = await runningWith(this.db, joinable);
      const id = running ?? (await insertRun(this.db, kind, shareKey));
      if (!id) continue; // another request started it a moment ago: join that one
      if (request.orgId !== null) await noteRequest(this.db, id, request.orgId);
      if (!running) this.launch(id, kind, request);
      return id;
    }
    throw new Error('could not start or join a verification');
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
      const left = deadline - Date.now();
      if (local) {
        if (left <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise((r) => (timer = setTimeout(r, Math.min(left, 2 ** 31 - 1))));
        await Promise.race([local.done, timeout]);
        clearTimeout(timer);
        continue;
      }
      if (!(await isRunning(this.db, id))) return true;
      if (left <= 0) return false;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  read(id: string, orgId: string | null): Promise<StoredVerification | null> {
    return readRun(this.db, id, orgId);
  }

  /** Stops the runs of this instance; their rows say they were interrupted. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const run of this.runs.values()) run.abort.abort();
    await Promise.all([...this.runs.values()].map((r) => r.done));
  }

  private launch(id: string, kind: VerificationKind, request: VerificationRequest): void {
    const abort = new AbortController();
    // A timer, not the pages: one long query (the walk's last checks) must not look abandoned.
    const beat = setInterval(() => void heartbeat(this.db, id).catch(() => undefined), HEARTBEAT_MS);
    beat.unref();
    const done = this.execute(id, kind, request, abort.signal)
      .catch(async (error: unknown) => {
        const interrupted = error instanceof Interrupted;
        if (!interrupted) this.warn(`verification ${id} failed: ${(error as Error).message}`);
        const message = interrupted ? 'interrupted: the instance shut down' : 'the run failed';
        await markFailed(this.db, id, message).catch(() => undefined);
      })
      .finally(() => {
        clearInterval(beat);
        this.runs.delete(id);
      });
    this.runs.set(id, { abort, done });
  }

  private async execute(
    id: string,
    kind: VerificationKind,
    request: VerificationRequest,
    signal: AbortSignal,
  ): Promise<void> {
    const onBatch = () => (signal.aborted ? Promise.reject(new Interrupted()) : Promise.resolve());
    const from = kind === 'incremental' ? await this.resumePoint() : null;
    // What committed before the request is sealed first, so the answer covers it.
    await this.sealer.sealCommitted();
    const chain = await verifyChain(this.db, {
      mac: this.mac,
      trust: this.signer.trust,
      from: from?.chain,
      auditorCheckpoint: request.auditorCheckpoint,
      graceMs: this.graceMs,
      signedThrough: this.signer.signedThrough,
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
    await recordOutcome(this.db, id, {
      fromSeq: chain.from_seq,
      result,
      orgs: chain.state.orgs,
      resume: resume && { text: JSON.stringify(resume), mac: this.mac.stateMac(canonical(resume)) },
    });
  }

  /** Where the newest intact run ended, if its record is the service's own. */
  private async resumePoint(): Promise<Resume | null> {
    const stored = await latestResume(this.db);
    if (!stored) return null;
    if (!this.mac.stateMacValid(canonical(stored.resume), stored.resume_mac)) {
      this.warn('the stored verification state does not carry the service’s MAC: verifying from genesis');
      return null;
    }
    return stored.resume;
  }
}
