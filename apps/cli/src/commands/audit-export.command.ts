import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ExportFormat } from '../../../../libs/audit/src/export-events/export-format';
import { logExport, type LogExportFilters } from '../../../../libs/audit/src/export-events/log-export.query';
import type { CliContext } from '../context';
import type { CliOptions } from './index';

const str = (v: string | boolean | undefined) => (typeof v === 'string' && v !== '' ? v : undefined);

function instant(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new Error(`--${name}: "${value}" is not an ISO 8601 time`);
  return at;
}

export function exportFilters(options: CliOptions): LogExportFilters {
  return {
    orgId: str(options['org-id']),
    types: str(options.type)?.split(',').filter(Boolean) ?? [],
    agentId: str(options['agent-id']),
    toolId: str(options['tool-id']),
    actorType: str(options['actor-type']),
    actorId: str(options['actor-id']),
    streamId: str(options['stream-id']),
    from: instant('from', str(options.from)),
    to: instant('to', str(options.to)),
  };
}

/**
 * Streams the log (every org unless --org-id) to --out or stdout, in commit order, at
 * constant memory. Progress goes to stderr so stdout stays the export.
 */
export async function auditExport(context: CliContext, options: CliOptions): Promise<number> {
  const given = str(options.format) ?? 'ndjson';
  if (given !== 'ndjson' && given !== 'csv') {
    context.err.write(`audit export: --format must be ndjson or csv, not "${given}"\n`);
    return 64;
  }
  const format: ExportFormat = given;
  const filters = exportFilters(options);
  const started = process.hrtime.bigint();
  const source = await logExport(context.db, filters, format);
  const out = str(options.out);
  if (out) await pipeline(source, createWriteStream(out));
  else await pipeline(source, context.out, { end: false });
  const events = source.events;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  context.err.write(
    `exported ${events} events${out ? ` to ${out}` : ''} in ${seconds.toFixed(2)} s ` +
      `(${Math.round(events / Math.max(seconds, 1e-9))} events/s)\n`,
  );
  return 0;
}
