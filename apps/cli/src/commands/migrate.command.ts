import { servingUrl } from '../../../../libs/database/src/serving-role';
import { servingRole } from '../../../api/src/core/serving-database';
import type { CliContext } from '../context';

export async function migrate(context: CliContext): Promise<number> {
  const applied = await context.db.migrate();
  context.out.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'the schema is current\n');
  // The login role services given this database serve as (docs/adr/0010): made here too, so
  // replicas that only hold its URL (docker/compose.yaml) find it with the password they hold.
  const serving = await servingUrl(context.runtime.databaseUrl, servingRole(context.config, context.runtime));
  if (!serving.asGiven) context.out.write(`the service logs in as ${serving.role}\n`);
  return 0;
}
