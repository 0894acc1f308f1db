import type { Database } from '../../libs/database/src/database';
import type { ProjectionRegistry } from '../../libs/event-store/src/projection';

/** Every read model's rows, in a stable order, for comparing two builds of the same log. */
export async function snapshotReadModels(
  db: Database,
  registry: ProjectionRegistry,
): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const projection of registry.all()) {
    for (const table of projection.tables) {
      const rows = await db.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t ORDER BY t::text`);
      snapshot[table] = rows.map((r) => r.row);
    }
  }
  return snapshot;
}
