import type { Sql } from '../../../database/src/database';
import type { StoredEvent } from '../../../event-store/src/event';
import type { Projection } from '../../../event-store/src/projection';
import type { OrgPolicyChanged, ToolPolicyChanged } from './policy.events';

/** Approvals read these, so they are inline. */
export const policiesProjection: Projection = {
  name: 'policies',
  mode: 'inline',
  handles: ['ToolPolicyChanged', 'OrgPolicyChanged'],
  tables: ['tool_policies', 'org_policies'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    for (const e of events) {
      if (e.type === 'ToolPolicyChanged') {
        const p = e.data as unknown as ToolPolicyChanged;
        await tx.query(
          `INSERT INTO tool_policies (tool_id, org_id, required_approvals, max_duration_seconds, auto_approve, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (tool_id) DO UPDATE SET required_approvals = $3, max_duration_seconds = $4, auto_approve = $5, updated_at = $6`,
          [
            p.tool_id,
            e.orgId,
            p.required_approvals,
            p.max_duration_seconds,
            p.auto_approve ? JSON.stringify(p.auto_approve) : null,
            e.occurredAt,
          ],
        );
      } else {
        const p = e.data as unknown as OrgPolicyChanged;
        await tx.query(
          `INSERT INTO org_policies (org_id, separation_of_duties, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (org_id) DO UPDATE SET separation_of_duties = $2, updated_at = $3`,
          [p.org_id, p.separation_of_duties, e.occurredAt],
        );
      }
    }
  },
};
