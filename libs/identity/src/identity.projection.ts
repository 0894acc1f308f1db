import type { Sql } from '../../database/src/database';
import type { StoredEvent } from '../../event-store/src/event';
import type { Projection } from '../../event-store/src/projection';
import type { MemberAdded, MemberIdentityLinked, MemberUpdated, OrgCreated } from './identity.events';

/** Orgs and members: authorization reads them on every admin request, so they are inline. */
export const identityProjection: Projection = {
  name: 'identity',
  mode: 'inline',
  handles: [
    'OrgCreated',
    'MemberAdded',
    'MemberRoleChanged',
    'MemberUpdated',
    'MemberRemoved',
    'MemberIdentityLinked',
  ],
  tables: ['members', 'orgs'],
  async apply(tx: Sql, events: readonly StoredEvent[]) {
    for (const e of events) {
      switch (e.type) {
        case 'OrgCreated': {
          const d = e.data as unknown as OrgCreated;
          await tx.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', [
            d.org_id,
            d.name,
            e.occurredAt,
          ]);
          break;
        }
        case 'MemberAdded': {
          const d = e.data as unknown as MemberAdded;
          await tx.query(
            `INSERT INTO members (id, org_id, email, display_name, role, tool_scope, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
            [d.member_id, d.org_id, d.email, d.display_name, d.role, d.tool_scope ?? null, e.occurredAt],
          );
          break;
        }
        case 'MemberRoleChanged':
          await tx.query('UPDATE members SET role = $2, updated_at = $3 WHERE id = $1', [
            e.data.member_id,
            e.data.role,
            e.occurredAt,
          ]);
          break;
        case 'MemberUpdated': {
          const d = e.data as unknown as MemberUpdated;
          // Absent fields keep their value; a present null tool_scope lifts the limit.
          await tx.query(
            `UPDATE members SET
               display_name = CASE WHEN $2::boolean THEN $3 ELSE display_name END,
               tool_scope = CASE WHEN $4::boolean THEN $5::text[] ELSE tool_scope END,
               updated_at = $6
             WHERE id = $1`,
            [
              d.member_id,
              d.display_name !== undefined,
              d.display_name ?? null,
              d.tool_scope !== undefined,
              d.tool_scope ?? null,
              e.occurredAt,
            ],
          );
          break;
        }
        case 'MemberRemoved':
          await tx.query(`UPDATE members SET status = 'removed', updated_at = $2 WHERE id = $1`, [
            e.data.member_id,
            e.occurredAt,
          ]);
          break;
        case 'MemberIdentityLinked': {
          const d = e.data as unknown as MemberIdentityLinked;
          await tx.query(
            'UPDATE members SET oidc_issuer = $2, oidc_subject = $3, updated_at = $4 WHERE id = $1',
            [d.member_id, d.issuer, d.subject, e.occurredAt],
          );
          break;
        }
      }
    }
  },
};
