import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { KeyledgerConfig } from '../../../config/src/config';
import { systemContext } from '../../../common/src/request-context';
import { CONFIG } from '../../../common/src/tokens';
import { Database } from '../../../database/src/database';
import { ConcurrencyError } from '../../../event-store/src/errors';
import { EventStore } from '../../../event-store/src/event-store';
import { runAccessCommand } from '../access-command';

/**
 * Records what time already decided: grants past their expiry become GrantExpired, and
 * requests nobody reviewed within the pending TTL become AccessRequestExpired. Fetches never
 * wait for this (they check expires_at themselves); it keeps the log and the queue honest.
 */
@Injectable()
export class AccessExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly logger = new Logger('access-expiry');

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: KeyledgerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.sweep().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'expiry sweep failed'),
      );
    }, 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Answers how many streams were expired. */
  async sweep(now = new Date()): Promise<number> {
    const due = await this.db.query<{ id: string; org_id: string }>(
      `SELECT id, org_id FROM access_requests
       WHERE (status = 'approved' AND expires_at <= $1)
          OR (status = 'pending' AND requested_at <= $1::timestamptz - make_interval(secs => $2))
       ORDER BY requested_at LIMIT 500`,
      [now, this.config.pendingRequestTtlSeconds],
    );
    let expired = 0;
    for (const row of due) {
      try {
        const { types } = await this.db.transaction((tx) =>
          runAccessCommand(tx, this.store, row.id, { kind: 'expire', now }, systemContext(row.org_id)),
        );
        expired += types.length;
      } catch (error) {
        // Another instance (or a decision) got there first.
        if (!(error instanceof ConcurrencyError) && (error as { code?: string }).code !== '23505')
          throw error;
      }
    }
    return expired;
  }
}
