/**
 * Summarises a V8 .cpuprofile (from `BENCH_CPU_PROF_DIR=… bench/credential-fetch.ts`): the top
 * functions by self time, and self time by package or project folder. Given a results file,
 * only the samples of its measured load window count (V8 stamps samples on CLOCK_MONOTONIC,
 * as the bench does), so start-up and seeding drop out.
 *
 *   npx ts-node --transpile-only bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile \
 *     [bench/results/credential-fetch-<date>.json] [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

// The sampler ticks on wall time: a thread preempted inside a syscall (on a loaded machine,
// writev to PostgreSQL wakes a backend that takes the core) is billed to that syscall. The
// "on-CPU" column leaves those and idle out.
const OFF_CPU = new Set(['(idle)', 'writev', 'writeBuffer']);

function area(url: string, name: string): string {
  if (!url) return name.startsWith('(') || OFF_CPU.has(name) ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/((?:libs|apps)\/[^/]+)\/src\//.exec(url);
  if (own) return own[1];
  return url.startsWith('node:') ? 'node:internal' : url;
}

function table(
  title: string,
  entries: Array<[string, number]>,
  total: number,
  onCpu: number,
  top: number,
): string {
  const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1)}%`;
  const rows = entries
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([what, us]) => {
      const share = OFF_CPU.has(what.split(' ')[0]) ? '' : pct(us, onCpu);
      return `| ${pct(us, total)} | ${share} | ${(us / 1000).toFixed(0)} | ${what} |`;
    });
  return [
    `### ${title}`,
    '',
    '| self % | of on-CPU | ms | where |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function windowOf(results: string): [number, number] {
  type Window = { window_monotonic_us?: [number, number] };
  const summary = JSON.parse(readFileSync(results, 'utf8')) as Record<string, unknown>;
  // recording.ts measures several phases: BENCH_PHASE names one (a prefix of its `what`).
  const phases = (summary.phases ?? []) as Array<{ what: string; result: Window }>;
  const phase = phases.find((p) => p.what.startsWith(process.env.BENCH_PHASE ?? 'credential fetch'));
  if (phase?.result.window_monotonic_us) return phase.result.window_monotonic_us;
  const load = Object.values(summary).find(
    (v): v is Window => !!v && typeof v === 'object' && Array.isArray((v as Window).window_monotonic_us),
  );
  if (!load?.window_monotonic_us) throw new Error(`${results} holds no measured window`);
  return load.window_monotonic_us;
}

function main(): void {
  const [file, results, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [results.json] [top]');
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const [from, to] = results ? windowOf(results) : [-Infinity, Infinity];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const offCpu = [...self]
    .filter(([id]) => OFF_CPU.has(byId.get(id)!.callFrame.functionName))
    .reduce((a, [, us]) => a + us, 0);
  const idle = [...self]
    .filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)')
    .reduce((a, [, us]) => a + us, 0);
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url ? `${url.replace(/^.*?\/(node_modules|libs|apps)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }
  console.log(
    `profile: ${(total / 1e6).toFixed(1)} s sampled, ${((100 * (total - idle)) / total).toFixed(0)}% busy\n\n` +
      `${table('Top functions by self time', [...fns], total, total - offCpu, top)}\n\n` +
      table('Self time by area', [...areas], total, total - offCpu, top),
  );
}

main();
