import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Latency samples in ms, summarised as load tools report them. */
export function summarise(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const r = (v: number) => Math.round(v * 100) / 100;
  return { count: sorted.length, p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(at(1)) };
}

/** Resident memory of a process, MB, from /proc (what the kernel charges, not the V8 heap). */
export function rssMb(pid: number | 'self' = 'self'): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0; // the process has gone
  }
}

/** Samples a process's RSS every `everyMs` while a phase runs, keeping every sample. */
export class RssTrace {
  private timer: NodeJS.Timeout;
  readonly samples: number[];

  constructor(
    private readonly pid: number | 'self' = 'self',
    everyMs = 50,
  ) {
    this.samples = [rssMb(pid)];
    this.timer = setInterval(() => this.samples.push(rssMb(this.pid)), everyMs);
  }

  /** Start, peak and end, and the RSS at every tenth of the elapsed time. */
  stop() {
    clearInterval(this.timer);
    const s = [...this.samples, rssMb(this.pid)];
    const tenths = Array.from({ length: 10 }, (_, i) => s[Math.floor(((i + 1) * (s.length - 1)) / 10)]);
    return { start: s[0], peak: Math.max(...s), end: s[s.length - 1], atEachTenth: tenths };
  }
}

export const load = () => loadavg().map((l) => Math.round(l * 100) / 100);

export function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** CPU seconds a process has used (user + system), from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number | 'self'): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0; // not on Linux, or the backend has gone
  }
}

/**
 * CPU time spent by this process and by the PostgreSQL backends serving `database`: on a
 * machine shared with other work, wall-clock rates say how busy the machine was as much as
 * how fast the code is, and CPU seconds do not.
 */
export class CpuMeter {
  private node = 0;
  private pg = new Map<number, number>();
  /** The Node process doing the work: this one, or the service's. */
  nodePid: number | 'self' = 'self';

  constructor(private readonly backends: () => Promise<number[]>) {}

  async start(): Promise<void> {
    this.node = cpuSecondsOf(this.nodePid);
    this.pg = new Map((await this.backends()).map((pid) => [pid, cpuSecondsOf(pid)]));
  }

  async stop(): Promise<{ nodeSeconds: number; postgresSeconds: number }> {
    const node = cpuSecondsOf(this.nodePid) - this.node;
    let postgres = 0;
    for (const pid of await this.backends()) postgres += cpuSecondsOf(pid) - (this.pg.get(pid) ?? 0);
    const r = (v: number) => Math.round(v * 100) / 100;
    return { nodeSeconds: r(node), postgresSeconds: r(postgres) };
  }
}
