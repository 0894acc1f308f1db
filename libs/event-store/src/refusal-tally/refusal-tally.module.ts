import {
  type BeforeApplicationShutdown,
  Global,
  Inject,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { KeyledgerConfig } from '../../../config/src/config';
import { CONFIG } from '../../../common/src/tokens';
import { Database } from '../../../database/src/database';
import { EventStore } from '../event-store';
import { RefusalTally } from './refusal-tally';

/**
 * One RefusalTally per instance (docs/adr/0013). It runs whether or not background jobs do:
 * counts must reach the log. Its counts are written before the pool closes on shutdown.
 */
@Global()
@Module({
  providers: [
    {
      provide: RefusalTally,
      inject: [Database, EventStore, CONFIG],
      useFactory: (db: Database, store: EventStore, config: KeyledgerConfig) =>
        new RefusalTally(db, store, { windowSeconds: config.refusalWindowSeconds }),
    },
  ],
  exports: [RefusalTally],
})
export class RefusalTallyModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(RefusalTally) private readonly tally: RefusalTally) {}

  onApplicationBootstrap(): void {
    this.tally.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.tally.stop();
  }
}
