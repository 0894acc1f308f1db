import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { round } from './stats';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Snapshot {
  at: number;
  machineBusyMs: number;
  serviceMs: number;
  serviceSysMs: number;
  /** Per backend pid: a backend that starts or ends within the window must not skew the sum. */
  postgresMs: Map<string, number>;
  benchMs: number;
}

export interface CpuUse {
  /** Share of both cores busy during the window, whoever used them. */
  machine_busy_pct: number;
  service_ms_per_request: number;
  /** Of which in the kernel (socket writes and reads, mostly). */
  service_sys_ms_per_request: number;
  postgres_ms_per_request: number;
  load_generator_ms_per_request: number;
  /** CPU used by none of the above (other processes on the machine, kernel threads). */
  others_ms_per_request: number;
}

/** User and system CPU milliseconds of a process so far (0 once it has gone). */
function processTimes(pid: number | string): { user: number; sys: number } {
  try {
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * TICK_MS, sys: Number(fields[12]) * TICK_MS };
  } catch {
    return { user: 0, sys: 0 };
  }
}

function processMs(pid: number | string): number {
  const { user, sys } = processTimes(pid);
  return user + sys;
}

function machineBusyMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  return (cpu.reduce((a, b) => a + b, 0) - idle) * TICK_MS;
}

/** The backends serving `database` (their command line names it). */
function backendsOf(database: string): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `);
    } catch {
      return false;
    }
  });
}

/**
 * CPU time per request of the service, the PostgreSQL backends of the bench database and this
 * process (the load generator), over a window: what the throughput costs, whatever else runs.
 */
export class CpuMeter {
  private start: Snapshot | null = null;

  constructor(
    private readonly database: string,
    private readonly servicePid: number | null = null,
  ) {}

  private snapshot(): Snapshot {
    const usage = process.cpuUsage();
    const service = this.servicePid === null ? { user: 0, sys: 0 } : processTimes(this.servicePid);
    return {
      at: Date.now(),
      machineBusyMs: machineBusyMs(),
      serviceMs: service.user + service.sys,
      serviceSysMs: service.sys,
      postgresMs: new Map(backendsOf(this.database).map((pid) => [pid, processMs(pid)])),
      benchMs: (usage.user + usage.system) / 1000,
    };
  }

  begin(): void {
    this.start = this.snapshot();
  }

  end(requests: number): CpuUse {
    const a = this.start!;
    const b = this.snapshot();
    const per = (ms: number) => round(ms / Math.max(1, requests), 3);
    const machine = b.machineBusyMs - a.machineBusyMs;
    const service = b.serviceMs - a.serviceMs;
    // Backends alive at the end, from where they were at the start (0 if new); the CPU of one
    // that exited within the window is lost, so this can only undercount.
    let postgres = 0;
    for (const [pid, ms] of b.postgresMs) postgres += ms - (a.postgresMs.get(pid) ?? 0);
    const bench = b.benchMs - a.benchMs;
    return {
      machine_busy_pct: round((100 * machine) / (cpus().length * (b.at - a.at)), 1),
      service_ms_per_request: per(service),
      service_sys_ms_per_request: per(b.serviceSysMs - a.serviceSysMs),
      postgres_ms_per_request: per(postgres),
      load_generator_ms_per_request: per(bench),
      others_ms_per_request: per(Math.max(0, machine - service - postgres - bench)),
    };
  }
}

/** How busy the machine is over `ms`, in percent of all cores. */
export async function machineBusyPct(ms = 2000): Promise<number> {
  const a = machineBusyMs();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  return round((100 * (machineBusyMs() - a)) / (cpus().length * (Date.now() - t0)), 1);
}

/**
 * The bench shares the machine: with BENCH_QUIET_PCT set, waits (up to 10 minutes) until other
 * work leaves it below that share busy. Answers the share measured last.
 */
export async function waitForQuiet(log: (m: string) => void): Promise<number> {
  const threshold = Number(process.env.BENCH_QUIET_PCT || 0);
  const deadline = Date.now() + 600_000;
  let busy = await machineBusyPct();
  while (threshold > 0 && busy > threshold && Date.now() < deadline) {
    log(`machine ${busy}% busy with other work; waiting for < ${threshold}%`);
    await new Promise((r) => setTimeout(r, 5000));
    busy = await machineBusyPct();
  }
  if (busy > 25) log(`warning: the machine was ${busy}% busy before the run; figures will be low`);
  return busy;
}
