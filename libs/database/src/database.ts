import { Client, type ClientConfig, type Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../../migrations';
import { Listener, type ListenerHandlers } from './listener';

/** The narrow SQL surface that stores and projections use; a transaction is also one. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** The number of rows an UPDATE, INSERT or DELETE touched, with the returned rows. */
  execute<T = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: T[]; affected: number }>;
}

/** SQL on one pooled connection: node-pg's pool or a client checked out of it. */
class PgSql implements Sql {
  constructor(private readonly on: Pool | PoolClient) {}

  async query<T>(text: string, params?: unknown[]): Promise<T[]> {
    return (await this.on.query(text, params)).rows as T[];
  }

  async execute<T>(text: string, params?: unknown[]): Promise<{ rows: T[]; affected: number }> {
    const result = await this.on.query(text, params);
    return { rows: result.rows as T[], affected: result.rowCount ?? 0 };
  }
}

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** Without bounds a call waits as long as the network does (docs/adr/0017-bounded-outages.md). */
  bounds?: DatabaseBounds | null;
}

/** What bounds every call on a pool; each is optional, and migrations are bounded in connecting only. */
export interface DatabaseBounds {
  /** Opening a connection, or waiting for a free one when the pool is full. */
  connectTimeoutMs?: number;
  /** One statement: PostgreSQL cancels it after this long (statement_timeout). */
  statementTimeoutMs?: number;
  /** PostgreSQL ends a session whose transaction sits this long with no statement running. */
  idleInTransactionTimeoutMs?: number;
}

// The client waits this much longer than statement_timeout before it gives up on an answer: by
// then the server has cancelled the statement, so what is stuck is the network (a stall, a
// half-open connection) and the connection is dropped.
const NETWORK_GRACE_MS = 1000;

/** The parts of a pool's client configuration that bound a call. */
function boundedClient(bounds: DatabaseBounds): ClientConfig {
  const statement = bounds.statementTimeoutMs;
  return {
    connectionTimeoutMillis: bounds.connectTimeoutMs,
    statement_timeout: statement,
    query_timeout: statement === undefined ? undefined : statement + NETWORK_GRACE_MS,
    idle_in_transaction_session_timeout: bounds.idleInTransactionTimeoutMs,
    // Idle pooled connections to a server that went away are found and dropped.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

const STATEMENT_BOUNDS = ['statement_timeout', 'query_timeout', 'idle_in_transaction_session_timeout'];

/**
 * node-pg emits 'error' on a client whose connection dies (a terminated backend, a reset). pg-pool
 * listens only while the client is idle: a checked-out client (a transaction, a TypeORM query
 * runner) with no listener would take the process down. The queries it was running fail on
 * their own, and the pool drops the client when it comes back, so the event needs no handling.
 */
class ListenedClient extends Client {
  constructor(config?: ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/**
 * The one connection pool of an instance. TypeORM owns the pool and the migrations; the
 * read side and the event store speak SQL through `Sql`, since the log, not rows, is the state,
 * straight to node-pg on TypeORM's pool. TypeORM's query runner adds a wrapper, a broadcast and
 * an await or two per query, which kept large results alive long enough to be promoted to the
 * old generation: an export of a million events then grew the heap by its own size between
 * full collections (bench/audit/README.md).
 */
export class Database implements Sql {
  private readonly pool: Pool;
  private readonly sql: PgSql;

  private constructor(readonly dataSource: DataSource) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.sql = new PgSql(this.pool);
  }

  static async connect(options: DatabaseOptions): Promise<Database> {
    const dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      migrations: ALL_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      synchronize: false,
      logging: false,
      applicationName: options.applicationName ?? 'keyledger',
      extra: {
        max: options.poolSize ?? 20,
        Client: ListenedClient,
        ...(options.bounds ? boundedClient(options.bounds) : {}),
      },
    });
    await dataSource.initialize();
    return new Database(dataSource);
  }

  async migrate(): Promise<string[]> {
    // A migration may rewrite a large table: it runs on a connection of its own, without the
    // statement bounds of the pool (docs/adr/0017-bounded-outages.md).
    const extra = (this.dataSource.options.extra ?? {}) as Record<string, unknown>;
    const bounded = STATEMENT_BOUNDS.some((name) => extra[name] !== undefined);
    const migrator = bounded
      ? new DataSource({
          ...this.dataSource.options,
          extra: { ...extra, max: 1, ...Object.fromEntries(STATEMENT_BOUNDS.map((n) => [n, undefined])) },
        })
      : this.dataSource;
    if (bounded) await migrator.initialize();
    try {
      const applied = await migrator.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      if (bounded) await migrator.destroy();
    }
  }

  /**
   * Whether this build has a migration the database lacks. One bounded query: TypeORM's
   * showMigrations keeps its connection checked out when a query fails, so every failed
   * readiness probe during an outage would have taken one connection out of the pool for good.
   */
  async pendingMigrations(): Promise<boolean> {
    let applied: Array<{ name: string }>;
    try {
      applied = await this.query<{ name: string }>('SELECT name FROM schema_migrations');
    } catch (error) {
      if ((error as { code?: unknown }).code === '42P01') return true; // never migrated
      throw error;
    }
    const names = new Set(applied.map((row) => row.name));
    return this.dataSource.migrations.some((m) => !names.has(m.name ?? m.constructor.name));
  }

  query<T>(text: string, params?: unknown[]): Promise<T[]> {
    return this.sql.query<T>(text, params);
  }

  /**
   * The hot paths (agent authentication, credential fetch): a named prepared statement, parsed
   * and planned once per connection, one round trip.
   */
  async prepared<T>(name: string, text: string, params: unknown[]): Promise<T[]> {
    return (await this.pool.query({ name, text, values: params })).rows as T[];
  }

  execute<T>(text: string, params?: unknown[]): Promise<{ rows: T[]; affected: number }> {
    return this.sql.execute<T>(text, params);
  }

  /** Runs `work` in one READ COMMITTED transaction; any throw rolls it back. */
  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(new PgSql(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is not given back to the pool, nor one whose
      // answer never came: a ROLLBACK would queue behind the lost statement and wait as long.
      if (error instanceof Error && error.message === 'Query read timeout') broken = error;
      else await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * LISTEN on `channel` over a connection of its own, bounded in connecting like the pool's;
   * `start()` it, and `close()` it before the pool.
   */
  listener(channel: string, handlers: ListenerHandlers): Listener {
    const extra = (this.dataSource.options.extra ?? {}) as ClientConfig;
    const options = this.dataSource.options as { url?: string; applicationName?: string };
    return new Listener(
      {
        connectionString: options.url,
        application_name: `${options.applicationName ?? 'keyledger'} listener`,
        connectionTimeoutMillis: extra.connectionTimeoutMillis,
        // Bounds LISTEN and the heartbeat: a connection that stops answering is dropped.
        query_timeout: 5000,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
      },
      channel,
      handlers,
    );
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
