import type { CliContext } from '../context';

export async function migrate(context: CliContext): Promise<number> {
  const applied = await context.db.migrate();
  context.out.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'the schema is current\n');
  return 0;
}
