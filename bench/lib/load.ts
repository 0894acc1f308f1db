import type { CpuMeter, CpuUse } from './cpu';
import { keepAliveAgent, send } from './http';
import { Latencies, type LatencySummary, nowMs, round } from './stats';

export interface LoadOptions {
  base: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** The n-th request's path and bearer token. */
  next: (n: number) => { path: string; token: string };
  expectStatus: number;
  /** Started when the measured window opens, read when it closes. */
  cpu?: CpuMeter;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  per_second: number;
  errors: number;
  statuses: Record<string, number>;
  latency_ms: LatencySummary;
  bytes_per_response: number;
  cpu: CpuUse | null;
  /** The measured window on CLOCK_MONOTONIC, in µs: what bench/profile-summary.ts filters on. */
  window_monotonic_us: [number, number];
}

/**
 * A closed loop per keep-alive connection: each sends its next request when the previous one
 * has answered. Requests started during the warm-up are not counted.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = keepAliveAgent(options.connections);
  const latencies = new Latencies();
  const statuses: Record<string, number> = {};
  let errors = 0;
  let bytes = 0;
  let n = 0;
  const measureFrom = nowMs() + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  let last = measureFrom;
  const opening = setTimeout(() => options.cpu?.begin(), options.warmupSeconds * 1000);
  const loop = async () => {
    while (nowMs() < end) {
      const { path, token } = options.next(n++);
      const t0 = nowMs();
      let status = 'network-error';
      try {
        const reply = await send(agent, options.base + path, 'GET', { authorization: `Bearer ${token}` });
        status = String(reply.status);
        bytes = reply.body.length;
      } catch {
        /* counted below */
      }
      const t1 = nowMs();
      if (t0 < measureFrom) continue;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === String(options.expectStatus)) latencies.add(t1 - t0);
      else errors += 1;
      last = t1;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  clearTimeout(opening);
  const cpu = options.cpu?.end(latencies.count + errors) ?? null;
  agent.destroy();
  const elapsed = (last - measureFrom) / 1000;
  return {
    connections: options.connections,
    seconds: round(elapsed),
    requests: latencies.count + errors,
    per_second: round(latencies.count / elapsed, 0),
    errors,
    statuses,
    latency_ms: latencies.summary(),
    bytes_per_response: bytes,
    cpu,
    window_monotonic_us: [Math.round(measureFrom * 1000), Math.round(last * 1000)],
  };
}
