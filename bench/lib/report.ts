import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { CpuUse } from './cpu';
import { settings } from './env';

export interface Check {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

export function machine() {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    /** Other work on the machine skews the figures: this says how busy it was at the start. */
    load_average_1m: Math.round(loadavg()[0] * 100) / 100,
  };
}

export function markdownTable(rows: Array<Record<string, string | number>>): string {
  if (rows.length === 0) return '';
  const heads = Object.keys(rows[0]);
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(heads), line(heads.map(() => '---')), ...rows.map((r) => line(heads.map((h) => r[h])))].join(
    '\n',
  );
}

export function checksTable(checks: Check[]): string {
  return markdownTable(
    checks.map((c) => ({
      what: c.what,
      target: c.target,
      measured: c.measured,
      met: c.met ? 'yes' : '**no**',
    })),
  );
}

/** CPU milliseconds per operation, by process, during the measured windows. */
export function cpuTable(rows: Array<[string, CpuUse | null]>): string {
  return markdownTable(
    rows
      .filter((r): r is [string, CpuUse] => r[1] !== null)
      .map(([what, c]) => ({
        'CPU ms per op': what,
        service: c.service_ms_per_request,
        '(of which kernel)': c.service_sys_ms_per_request,
        'postgres backends': c.postgres_ms_per_request,
        'load generator': c.load_generator_ms_per_request,
        others: c.others_ms_per_request,
        'machine busy %': c.machine_busy_pct,
      })),
  );
}

/**
 * Prints the summary and writes it to bench/results/<name>-<date>.json (one file per day; a
 * profiled run, slower by the profiler's cost, writes <name>-profiled-<date>.json instead).
 */
export async function publish(
  name: string,
  summary: Record<string, unknown>,
  markdown: string,
): Promise<string> {
  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const tag = settings.cpuProfDir ? `${name}-profiled` : name;
  const file = join(dir, `${tag}-${new Date().toISOString().slice(0, 10)}.json`);
  // Formatted as the repo's Prettier would, so that `npm run lint` passes with results committed.
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(JSON.stringify({ ...summary, markdown }), { ...options, filepath: file }));
  console.log(JSON.stringify(summary, null, 2));
  console.log(`\n${markdown}\n\nwritten to ${file}`);
  return file;
}

export function log(message: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}
