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
  private sealing: Promise<unknown> = Promise.resolve();

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
    this.sealTimer = setInterval(() => {
      this.sealing = this.sealer.sealAll().catch(() => undefined);
    }, 500);
    this.sealTimer.unref();
    // Sealed events must be covered by a checkpoint within two intervals (docs/adr/0014): sign
    // at start, whenever the head moved, and on the way out.
    this.sealing = this.sign();
    this.signTimer = setInterval(() => {
      this.sealing = this.sign();
    }, this.config.checkpointIntervalSeconds * 1000);
    this.signTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.sealTimer) clearInterval(this.sealTimer);
    if (this.signTimer) clearInterval(this.signTimer);
    await this.runner.stop();
    await this.sealing;
    if (this.enabled) await this.sign();
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
