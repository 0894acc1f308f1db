import type { CliContext } from '../context';

export function rotateMasterKey(context: CliContext): Promise<number> {
  context.err.write('rotate-master-key: not implemented yet\n');
  return Promise.resolve(1);
}
