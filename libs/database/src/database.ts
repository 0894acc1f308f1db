import { DataSource, type QueryRunner } from 'typeorm';
import { ALL_MIGRATIONS } from '../../../migrations';

interface PgPool {
  query<T>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
}

/** The narrow SQL surface that stores and projections use; a transaction is also one. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** The number of rows an UPDATE, INSERT or DELETE touched, with the returned rows. */
  execute<T = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: T[]; affected: number }>;
}

class RunnerSql implements Sql {
  constructor(private readonly runner: QueryRunner) {}

  async query<T>(text: string, params?: unknown[]): Promise<T[]> {
    const result = await this.runner.query(text, params, true);
    return result.records as T[];
  }

  async execute<T>(text: string, params?: unknown[]): Promise<{ rows: T[]; affected: number }> {
    const result = await this.runner.query(text, params, true);
    return { rows: result.records as T[], affected: result.affected ?? 0 };
  }
}

export interface DatabaseOptions {
  url: string;
  /** A role to SET on every connection, e.g. the append-only `keyledger_app` role. */
  role?: string | null;
  poolSize?: number;
  applicationName?: string;
}

/**
 * The one connection pool of an instance. TypeORM owns the pool and the migrations; the
 * read side and the event store speak SQL through `Sql`, since the log, not rows, is the state.
 */
export class Database implements Sql {
  private constructor(readonly dataSource: DataSource) {}

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
        // Roles are set per connection, so a pooled connection never escapes the role.
        options: options.role ? `-c role=${options.role}` : undefined,
      },
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

  async query<T>(text: string, params?: unknown[]): Promise<T[]> {
    const result: unknown = await this.dataSource.query(text, params);
    // TypeORM answers [rows, count] for UPDATE and DELETE; callers wanting counts use execute().
    return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
  }

  /**
   * The hot paths (agent authentication, credential fetch): a named prepared statement on the
   * pool TypeORM owns, one round trip, no query-runner bookkeeping.
   */
  async prepared<T>(name: string, text: string, params: unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    const result = await pool.query<T>({ name, text, values: params });
    return result.rows;
  }

  async execute<T>(text: string, params?: unknown[]): Promise<{ rows: T[]; affected: number }> {
    return this.withRunner((runner) => new RunnerSql(runner).execute<T>(text, params));
  }

  /** Runs `work` in one READ COMMITTED transaction; any throw rolls it back. */
  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.withRunner(async (runner) => {
      await runner.startTransaction();
      try {
        const result = await work(new RunnerSql(runner));
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    });
  }

  private async withRunner<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      return await work(runner);
    } finally {
      await runner.release();
    }
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
