import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { KeyledgerConfig } from '../../../../libs/config/src/config';
import { Database } from '../../../../libs/database/src/database';
import { CheckpointSigner } from '../../../../libs/event-store/src/checkpoint-signer';
import { EventStore } from '../../../../libs/event-store/src/event-store';
import { ProjectionRegistry } from '../../../../libs/event-store/src/projection';
import { Sealer } from '../../../../libs/event-store/src/sealer';
import { SubscriptionRunner } from '../../../../libs/event-store/src/subscription-runner';
import { UpcasterRegistry } from '../../../../libs/event-store/src/upcasters';
import { ALL_PROJECTIONS } from '../projections';
import { BackgroundJobs } from './background-jobs';
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
          useFactory: async () => {
            const db = await Database.connect({
              url: runtime.databaseUrl,
              role: config.dbRole,
              applicationName: 'keyledger-api',
            });
            if (config.autoMigrate) await db.migrate();
            return db;
          },
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
        {
          provide: EventStore,
          inject: [Database, ProjectionRegistry, UpcasterRegistry],
          useFactory: (db: Database, registry: ProjectionRegistry, upcasters: UpcasterRegistry) =>
            new EventStore(db, registry, upcasters),
        },
        { provide: Sealer, inject: [Database], useFactory: (db: Database) => new Sealer(db) },
        {
          provide: CheckpointSigner,
          inject: [Database, Sealer],
          useFactory: (db: Database, sealer: Sealer) =>
            new CheckpointSigner(db, sealer, runtime.signingKeyPem),
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
    await this.jobs.stop();
    await this.db.close();
  }
}
