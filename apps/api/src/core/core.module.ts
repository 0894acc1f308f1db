import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { KeyledgerConfig } from '../../../../libs/config/src/config';
import { Database } from '../../../../libs/database/src/database';
import { CheckpointSigner } from '../../../../libs/event-store/src/checkpoint-signer';
import { EventStore } from '../../../../libs/event-store/src/event-store';
import { LogMac } from '../../../../libs/event-store/src/log-mac';
import { ProjectionRegistry } from '../../../../libs/event-store/src/projection';
import { Recorder } from '../../../../libs/event-store/src/recorder/recorder';
import { Sealer } from '../../../../libs/event-store/src/sealer';
import { SubscriptionRunner } from '../../../../libs/event-store/src/subscription-runner';
import { UpcasterRegistry } from '../../../../libs/event-store/src/upcasters';
import { ALL_PROJECTIONS } from '../projections';
import { BackgroundJobs } from './background-jobs';
import { connectServingDatabase } from './serving-database';
import type { Runtime } from './runtime';
import { CONFIG, RUNTIME } from '../../../../libs/common/src/tokens';
import { ApiContract } from '../../../../libs/common/src/http/api-contract';

/** The infrastructure every context uses: one pool, one event store, the sealer and signer. */
@Global()
@Module({})
export class CoreModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(BackgroundJobs) private readonly jobs: BackgroundJobs,
    @Inject(Recorder) private readonly recorder: Recorder,
    @Inject(CONFIG) private readonly config: KeyledgerConfig,
  ) {}

  static forRoot(
    config: KeyledgerConfig,
    runtime: Runtime,
    options: { background?: boolean } = {},
  ): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: RUNTIME, useValue: runtime },
        {
          provide: Database,
          // Migrations run before any provider can query: the schema is current or we do not start.
          useFactory: () => connectServingDatabase(config, runtime),
        },
        {
          provide: ProjectionRegistry,
          useFactory: () => new ProjectionRegistry().register(...ALL_PROJECTIONS),
        },
        { provide: UpcasterRegistry, useFactory: () => new UpcasterRegistry() },
        {
          provide: SubscriptionRunner,
          inject: [Database, EventStore, ProjectionRegistry],
          useFactory: (db: Database, store: EventStore, registry: ProjectionRegistry) =>
            new SubscriptionRunner(db, store, registry.async()),
        },
        // Keys the database never holds: the log's MACs (docs/adr/0014) and the checkpoint keys.
        { provide: LogMac, useFactory: () => new LogMac(runtime.masterKeys) },
        {
          provide: EventStore,
          inject: [Database, LogMac, ProjectionRegistry, UpcasterRegistry],
          useFactory: (
            db: Database,
            mac: LogMac,
            registry: ProjectionRegistry,
            upcasters: UpcasterRegistry,
          ) => new EventStore(db, mac, registry, upcasters),
        },
        {
          // Fetch records (and proxied calls) reach the log through one group-commit recorder
          // (docs/adr/0022). A caller waits no longer than one statement may run, plus the
          // client's own grace for a network that stalls (docs/adr/0017).
          provide: Recorder,
          inject: [Database, LogMac],
          useFactory: (db: Database, mac: LogMac) =>
            new Recorder(db, mac, { timeoutMs: config.databaseBounds.statementTimeoutMs + 1000 }),
        },
        {
          provide: Sealer,
          inject: [Database, LogMac],
          useFactory: (db: Database, mac: LogMac) =>
            new Sealer(db, mac, (refusal) =>
              new Logger('Sealer').error(
                `the log was changed behind the service: not sealing position ${refusal.position} (${refusal.reason})`,
              ),
            ),
        },
        {
          provide: CheckpointSigner,
          inject: [Database, Sealer, LogMac],
          useFactory: (db: Database, sealer: Sealer, mac: LogMac) =>
            new CheckpointSigner(db, sealer, runtime.signingKeyPem, mac, config.signingKeyHistory),
        },
        {
          provide: BackgroundJobs,
          inject: [Sealer, CheckpointSigner, SubscriptionRunner],
          useFactory: (sealer: Sealer, signer: CheckpointSigner, runner: SubscriptionRunner) =>
            new BackgroundJobs(sealer, signer, runner, config, options.background ?? true),
        },
        ApiContract,
      ],
      exports: [
        CONFIG,
        RUNTIME,
        Database,
        EventStore,
        ProjectionRegistry,
        LogMac,
        Recorder,
        Sealer,
        CheckpointSigner,
        SubscriptionRunner,
        ApiContract,
      ],
    };
  }

  onModuleInit(): void {
    this.jobs.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // Requests in flight have finished by now; whatever is still queued is sent or failed.
    await this.recorder.close(this.config.databaseBounds.statementTimeoutMs + 1000);
    await this.jobs.stop();
    await this.db.close();
  }
}
