import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../../migrations';

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
      extra: { max: options.poolSize ?? 20 },
    });
    await dataSource.initialize();
    return new Database(dataSource);
  }

  async migrate(): Promise<string[]> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  }

  async pendingMigrations(): Promise<boolean> {
    return this.dataSource.showMigrations();
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
      // A connection that cannot even roll back is not given back to the pool.
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
