import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CpuMeter } from './cpu';
import type { LoadResult } from './load';
import { nowMs, round } from './stats';

const run = promisify(execFile);

// Each connection takes the next agent key in turn; non-200 answers are counted by wrk.
const script = (keys: string[]) => `
local keys = { ${keys.map((k) => `"${k}"`).join(', ')} }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. keys[(n % #keys) + 1] })
end
`;

function ms(value: string, unit: string): number {
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };
  return round(Number(value) * (scale[unit] ?? 1));
}

/** The same closed-loop load from wrk (C, two threads), for a check on the Node load generator. */
export async function runWrk(options: {
  url: string;
  keys: string[];
  connections: number;
  warmupSeconds: number;
  seconds: number;
  cpu?: CpuMeter;
}): Promise<LoadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kl-wrk-'));
  try {
    const lua = join(dir, 'keys.lua');
    await writeFile(lua, script(options.keys));
    const args = (seconds: number) => [
      '-t2',
      `-c${options.connections}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      lua,
      options.url,
    ];
    await run('wrk', args(options.warmupSeconds));
    options.cpu?.begin();
    const from = nowMs();
    const { stdout } = await run('wrk', args(options.seconds));
    const to = nowMs();
    const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
    const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
    const pct = (p: string) => {
      const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
      return m ? ms(m[1], m[2]) : 0;
    };
    const avg = /Latency\s+([\d.]+)(us|ms|s)/.exec(stdout);
    const max = /Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)/.exec(stdout);
    return {
      connections: options.connections,
      seconds: options.seconds,
      requests,
      per_second: round(Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0), 0),
      errors,
      statuses: {},
      latency_ms: {
        count: requests,
        mean: avg ? ms(avg[1], avg[2]) : 0,
        p50: pct('50'),
        p90: pct('90'),
        p99: pct('99'),
        max: max ? ms(max[1], max[2]) : 0,
      },
      bytes_per_response: 0,
      cpu: options.cpu?.end(requests) ?? null,
      window_monotonic_us: [Math.round(from * 1000), Math.round(to * 1000)],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
