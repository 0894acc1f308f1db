import type { Sql } from '../../database/src/database';
import type { StoredEvent } from '../../event-store/src/event';
import type { Projection } from '../../event-store/src/projection';
import type { ToolAdded, ToolRetired, ToolSecretRotated, ToolUpdated } from './catalog.events';

// Column names equal the event's snake_case keys, so an update writes only what changed.
const CHANGEABLE = new Set([
  'name',
  'url',
  'description',
  'auth_type',
  'credential_mode',
  'instructions',
  'credential_expires_at',
]);

/**
 * Tools and their instruction history. Inline: credential vending checks "tool not retired"
 * on this table, and the name-uniqueness index must refuse a duplicate inside the append.
 */
export const catalogProjection: Projection = {
  name: 'catalog',
  mode: 'inline',
  handles: ['ToolAdded', 'ToolUpdated', 'ToolSecretRotated', 'ToolRetired'],
  tables: ['tools', 'tool_instructions', 'catalog_versions'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    const changes = new Map<string, number>();
    for (const e of events) {
      if (e.orgId) changes.set(e.orgId, (changes.get(e.orgId) ?? 0) + 1);
      switch (e.type) {
        case 'ToolAdded':
          await added(tx, e, e.data as unknown as ToolAdded);
          break;
        case 'ToolUpdated':
          await updated(tx, e, e.data as unknown as ToolUpdated);
          break;
        case 'ToolSecretRotated': {
          const d = e.data as unknown as ToolSecretRotated;
          // Only the shared secret is the tool's; per-agent versions belong to grants.
          if (d.scope === null) {
            await tx.query('UPDATE tools SET secret_version = $2, updated_at = $3 WHERE id = $1', [
              d.tool_id,
              d.version,
              e.occurredAt,
            ]);
          }
          break;
        }
        case 'ToolRetired': {
          const d = e.data as unknown as ToolRetired;
          await tx.query(
            `UPDATE tools SET status = 'retired', retired_reason = $2, updated_at = $3 WHERE id = $1`,
            [d.tool_id, d.reason ?? null, e.occurredAt],
          );
          break;
        }
      }
    }
    // Cached catalogs (agent-catalog.cache.ts) reload when this moves. The row lock orders
    // concurrent changes, so each commit leaves a version no earlier reader has seen.
    for (const [orgId, n] of changes) {
      await tx.query(
        `INSERT INTO catalog_versions AS v (org_id, version) VALUES ($1, $2)
         ON CONFLICT (org_id) DO UPDATE SET version = v.version + excluded.version`,
        [orgId, n],
      );
    }
  },
};

async function added(tx: Sql, e: StoredEvent, d: ToolAdded): Promise<void> {
  await tx.query(
    `INSERT INTO tools (id, org_id, name, url, description, auth_type, credential_mode, instructions,
       instructions_version, credential_expires_at, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
    [
      d.tool_id,
      d.org_id,
      d.name,
      d.url,
      d.description,
      d.auth_type,
      d.credential_mode,
      d.instructions,
      d.instructions_version,
      d.credential_expires_at,
      e.metadata.actor.id,
      e.occurredAt,
    ],
  );
  if (d.instructions_version > 0) await history(tx, e, d.tool_id, d.instructions_version, d.instructions);
}

async function updated(tx: Sql, e: StoredEvent, d: ToolUpdated): Promise<void> {
  const entries = Object.entries(d.changes).filter(([column]) => CHANGEABLE.has(column));
  const sets = entries.map(([column], i) => `${column} = $${i + 3}`);
  const values: unknown[] = entries.map(([, value]) => value);
  if (d.instructions_version !== undefined) {
    sets.push(`instructions_version = $${values.length + 3}`);
    values.push(d.instructions_version);
  }
  await tx.query(`UPDATE tools SET ${['updated_at = $2', ...sets].join(', ')} WHERE id = $1`, [
    d.tool_id,
    e.occurredAt,
    ...values,
  ]);
  if (d.instructions_version !== undefined && d.changes.instructions !== undefined) {
    await history(tx, e, d.tool_id, d.instructions_version, d.changes.instructions);
  }
}

function history(tx: Sql, e: StoredEvent, toolId: string, version: number, body: string) {
  return tx.query(
    `INSERT INTO tool_instructions (tool_id, version, body, created_at, created_by) VALUES ($1, $2, $3, $4, $5)`,
    [toolId, version, body, e.occurredAt, e.metadata.actor.id],
  );
}
