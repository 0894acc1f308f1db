import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { CpuMeter, type CpuUse } from './cpu';
import { Latencies, type LatencySummary, nowMs, round } from './stats';

export interface InsertRate {
  tool: string;
  connections: number;
  seconds: number;
  inserts: number;
  per_second: number;
  errors: number;
  latency_ms: LatencySummary;
  cpu: CpuUse | null;
}

// About the size of a CredentialVended event's data: the baseline writes comparable rows.
const PAYLOAD = JSON.stringify({
  grant_id: randomUUID(),
  agent_id: randomUUID(),
  tool_id: randomUUID(),
  key_id: randomUUID(),
  secret_version: 1,
});

const TABLE = 'CREATE TABLE IF NOT EXISTS bench_raw (id uuid PRIMARY KEY, payload jsonb NOT NULL)';

/**
 * The ceiling the design compares against: autocommit single-row INSERTs from a node-pg pool,
 * one closed loop per connection, the same client library the service uses.
 */
export async function rawInsertRate(
  url: string,
  database: string,
  connections: number,
  warmupSeconds: number,
  seconds: number,
): Promise<InsertRate> {
  const pool = new Pool({ connectionString: url, max: connections });
  await pool.query(TABLE);
  const latencies = new Latencies();
  let errors = 0;
  const start = nowMs();
  const measureFrom = start + warmupSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  let last = measureFrom;
  const cpu = new CpuMeter(database);
  const opening = setTimeout(() => cpu.begin(), warmupSeconds * 1000);
  const loop = async () => {
    while (nowMs() < end) {
      const t0 = nowMs();
      try {
        await pool.query('INSERT INTO bench_raw (id, payload) VALUES ($1, $2)', [randomUUID(), PAYLOAD]);
        const t1 = nowMs();
        if (t0 >= measureFrom) {
          latencies.add(t1 - t0);
          last = t1;
        }
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  clearTimeout(opening);
  const used = cpu.end(latencies.count);
  await pool.end();
  const elapsed = (last - measureFrom) / 1000;
  return {
    tool: 'node-pg',
    connections,
    seconds: round(elapsed),
    inserts: latencies.count,
    per_second: round(latencies.count / elapsed, 0),
    errors,
    latency_ms: latencies.summary(),
    cpu: used,
  };
}

const run = promisify(execFile);

/** The same insert from pgbench (C, libpq): the server's rate without a Node client in the way. */
export async function pgbenchInsertRate(
  url: string,
  connections: number,
  seconds: number,
): Promise<InsertRate> {
  const dir = await mkdtemp(join(tmpdir(), 'kl-pgbench-'));
  try {
    const script = join(dir, 'insert.sql');
    await writeFile(
      script,
      `INSERT INTO bench_raw (id, payload) VALUES (gen_random_uuid(), '${PAYLOAD}');\n`,
    );
    const { stdout } = await run('pgbench', [
      '-n',
      '-M',
      'extended',
      '-c',
      String(connections),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-f',
      script,
      '--log',
      `--log-prefix=${join(dir, 'log')}`,
      url,
    ]);
    const tps = /tps = ([\d.]+)/.exec(stdout);
    const failed = /number of failed transactions: (\d+)/.exec(stdout);
    const latencies = new Latencies();
    for (const file of (await readdir(dir)).filter((f) => f.startsWith('log'))) {
      for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
        const micros = Number(line.split(' ')[2]);
        if (line && Number.isFinite(micros)) latencies.add(micros / 1000);
      }
    }
    return {
      tool: 'pgbench',
      connections,
      seconds,
      inserts: latencies.count,
      per_second: round(tps ? Number(tps[1]) : latencies.count / seconds, 0),
      errors: failed ? Number(failed[1]) : 0,
      latency_ms: latencies.summary(),
      cpu: null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
