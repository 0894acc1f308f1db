import type { CliContext } from '../context';
import type { CliOptions } from './index';

export function auditExport(context: CliContext, _options: CliOptions): Promise<number> {
  context.err.write('audit export: not implemented yet\n');
  return Promise.resolve(1);
}
