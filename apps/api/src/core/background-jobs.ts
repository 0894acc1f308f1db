import { Logger } from '@nestjs/common';
import type { KeyledgerConfig } from '../../../../libs/config/src/config';
import {
  type CheckpointSigner,
  UnverifiedChainError,
} from '../../../../libs/event-store/src/checkpoint-signer';
import type { Sealer } from '../../../../libs/event-store/src/sealer';
import type { SubscriptionRunner } from '../../../../libs/event-store/src/subscription-runner';

/**
 * Work that follows commits: sealing the hash chain, signing checkpoints, feeding async
 * projections. Every instance runs them; advisory locks and compare-and-set checkpoints make
 * that safe, and any instance going away leaves the work to the others.
 */
export class BackgroundJobs {
  private sealTimer: NodeJS.Timeout | null = null;
  private signTimer: NodeJS.Timeout | null = null;
  /** Every run still going: shutdown waits for all of them before the pool closes. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly sealer: Sealer,
    private readonly signer: CheckpointSigner,
    private readonly runner: SubscriptionRunner,
    private readonly config: KeyledgerConfig,
    private readonly enabled: boolean,
  ) {}

  start(): void {
    if (!this.enabled) return;
    this.runner.start();
    this.sealTimer = setInterval(() => this.track(this.sealer.sealAll()), 500);
    this.sealTimer.unref();
    // Sealed events must be covered by a checkpoint within two intervals (docs/adr/0014): sign
    // at start (covering what a stopped instance left unsigned) and whenever the head moved.
    // Not on the way out: the database may already be going away (the embedded one stops on
    // the same Ctrl-C).
    this.track(this.sign());
    this.signTimer = setInterval(() => this.track(this.sign()), this.config.checkpointIntervalSeconds * 1000);
    this.signTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.sealTimer) clearInterval(this.sealTimer);
    if (this.signTimer) clearInterval(this.signTimer);
    await this.runner.stop();
    await Promise.all(this.inFlight);
  }

  private track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined).finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }

  private async sign(): Promise<void> {
    await this.signer.signIfMoved().catch((error: unknown) => {
      // A chain this instance cannot vouch for is not signed; tampering is worth a log line.
      if (error instanceof UnverifiedChainError && !error.keyNotHeld) {
        new Logger('CheckpointSigner').error(error.message);
      }
    });
  }
}
