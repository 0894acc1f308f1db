import type { Sql } from '../../../database/src/database';
import type { StoredEvent } from '../../../event-store/src/event';
import type { Projection } from '../../../event-store/src/projection';

type Kind = 'agent' | 'tool' | 'member';

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
const changed = (d: Record<string, unknown>) => (d.changes ?? {}) as Record<string, unknown>;

/** For each event that names something: what it names, and the name (undefined: no change). */
const NAMING: Record<string, (d: Record<string, unknown>) => [Kind, unknown, string | undefined]> = {
  AgentRegistered: (d) => ['agent', d.agent_id, text(d.name)],
  AgentUpdated: (d) => ['agent', d.agent_id, text(changed(d).name)],
  ToolAdded: (d) => ['tool', d.tool_id, text(d.name)],
  ToolUpdated: (d) => ['tool', d.tool_id, text(changed(d).name)],
  MemberAdded: (d) => ['member', d.member_id, text(d.display_name) ?? text(d.email)],
  MemberUpdated: (d) => ['member', d.member_id, text(d.display_name)],
};

/**
 * The current name of every agent, tool and member an org's log mentions, so what auditors
 * take away (the CSV export) reads "billing-reconciler fetched Stripe", not two UUIDs. The
 * audit context keeps its own copy from the log rather than reading the catalog's or the
 * agents' tables (DESIGN.md: no lib reaches into another's tables). Inline: these events are
 * rare, and an export right after a rename should carry the new name.
 */
export const auditNamesProjection: Projection = {
  name: 'audit-names',
  mode: 'inline',
  handles: Object.keys(NAMING),
  tables: ['audit_names'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    for (const e of events) {
      const naming = NAMING[e.type];
      if (!naming || e.orgId === null) continue;
      const [kind, id, name] = naming(e.data);
      if (typeof id !== 'string' || name === undefined) continue;
      await tx.query(
        `INSERT INTO audit_names (org_id, id, kind, name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, id) DO UPDATE SET name = excluded.name`,
        [e.orgId, id, kind, name],
      );
    }
  },
};
