/** Benchmark settings, read once from the environment (all optional). */
function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export const settings = {
  adminUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  connections: int('BENCH_CONNECTIONS', 32),
  warmupSeconds: int('BENCH_WARMUP_SECONDS', 3),
  seconds: int('BENCH_SECONDS', 20),
  rawSeconds: int('BENCH_RAW_SECONDS', 15),
  agents: int('BENCH_AGENTS', 64),
  tools: int('BENCH_TOOLS', 1000),
  catalogConnections: int('BENCH_CATALOG_CONNECTIONS', 8),
  /** When set, the service runs under `node --cpu-prof` and writes its profile here. */
  cpuProfDir: process.env.BENCH_CPU_PROF_DIR || null,
  /** `node` (bench/lib/load.ts, the default) or `wrk` (apt-get install wrk) for the vend load. */
  loadGenerator: process.env.BENCH_LOADGEN === 'wrk' ? ('wrk' as const) : ('node' as const),
  /** Set to 0 to skip the pgbench cross-check of the raw insert rate. */
  pgbench: process.env.BENCH_PGBENCH !== '0',
};
