import type { KeyledgerConfig } from '../../../libs/config/src/config';
import { Database } from '../../../libs/database/src/database';
import { EventStore } from '../../../libs/event-store/src/event-store';
import { LogMac } from '../../../libs/event-store/src/log-mac';
import { ProjectionRegistry } from '../../../libs/event-store/src/projection';
import { prepareRuntime, type Runtime } from '../../api/src/core/runtime';
import { ALL_PROJECTIONS } from '../../api/src/projections';

export interface CliContext {
  config: KeyledgerConfig;
  runtime: Runtime;
  db: Database;
  /** The log's MAC keys, from the master keys (docs/adr/0014). */
  mac: LogMac;
  store: EventStore;
  registry: ProjectionRegistry;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  close(): Promise<void>;
}

/** The CLI runs against the same database and keys as the service, migrated. */
export async function openContext(config: KeyledgerConfig): Promise<CliContext> {
  const runtime = await prepareRuntime(config, (m) => process.stderr.write(m + '\n'));
  const db = await Database.connect({
    url: runtime.databaseUrl,
    poolSize: 4,
    applicationName: 'keyledger-cli',
    // Attended, and long by nature (a rebuild in one transaction, exports and verification of the
    // whole log): bounded in connecting only, not per statement (docs/adr/0017-bounded-outages.md).
    bounds: { connectTimeoutMs: config.databaseBounds.connectTimeoutMs },
  });
  const registry = new ProjectionRegistry().register(...ALL_PROJECTIONS);
  const mac = new LogMac(runtime.masterKeys);
  return {
    config,
    runtime,
    db,
    mac,
    store: new EventStore(db, mac, registry),
    registry,
    out: process.stdout,
    err: process.stderr,
    async close() {
      await db.close();
      await runtime.stop();
    },
  };
}
