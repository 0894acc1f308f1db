import { useState } from 'react';
import { unwrap } from '../../api/client';
import { useTools } from '../../api/lookups';
import type { Member } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { record } from '../../session/ability';
import { useApi, useSignedIn } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Badge } from '../../ui/badge';
import { DataTable } from '../../ui/data-table';
import { Page } from '../../ui/page';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';
import { MemberDialog } from './member-dialog';

type Open = { verb: 'add' } | { verb: 'edit' | 'remove'; member: Member } | null;

export function MembersPage() {
  const api = useApi();
  const { ability, session } = useSignedIn();
  const announce = useAnnounce();
  const tools = useTools();
  const [open, setOpen] = useState<Open>(null);
  const members = useResource(
    async (a) => (await unwrap(a.GET('/api/admin/members', { params: { query: { limit: 200 } } }))).members,
    [],
  );
  const done = (message: string) => {
    setOpen(null);
    announce(message);
    members.reload();
  };
  const toolName = (id: string) => tools.data?.find((t) => t.id === id)?.name ?? id;
  return (
    <Page
      title="Members"
      actions={
        ability.can('create', 'Member') && (
          <button type="button" className="button primary" onClick={() => setOpen({ verb: 'add' })}>
            Add member
          </button>
        )
      }
    >
      <Loaded resource={members} what="Members">
        {(rows) => (
          <DataTable
            caption="Members"
            rows={rows}
            rowKey={(m) => m.id}
            empty="No members."
            columns={[
              { header: 'Name', cell: (m) => m.display_name || m.email },
              { header: 'Email', cell: (m) => m.email },
              { header: 'Role', cell: (m) => <Badge value={m.role} /> },
              {
                header: 'Tools',
                cell: (m) =>
                  m.tool_scope
                    ? m.tool_scope.map(toolName).join(', ')
                    : m.role === 'approver'
                      ? 'every tool'
                      : '—',
              },
              { header: 'Since', cell: (m) => <Time iso={m.created_at} /> },
              {
                header: 'Actions',
                cell: (m) => {
                  const subject = record('Member', { role: m.role });
                  return (
                    <div className="row-actions">
                      {ability.can('update', subject) && (
                        <button
                          type="button"
                          className="button small"
                          onClick={() => setOpen({ verb: 'edit', member: m })}
                        >
                          Edit
                        </button>
                      )}
                      {ability.can('delete', subject) && m.id !== session.memberId && (
                        <button
                          type="button"
                          className="button danger small"
                          onClick={() => setOpen({ verb: 'remove', member: m })}
                        >
                          Remove
                        </button>
                      )}
                    </div>
                  );
                },
              },
            ]}
          />
        )}
      </Loaded>
      {open && open.verb !== 'remove' && (
        <MemberDialog
          member={open.verb === 'edit' ? open.member : undefined}
          tools={tools.data ?? []}
          onClose={() => setOpen(null)}
          onDone={done}
        />
      )}
      {open?.verb === 'remove' && (
        <ConfirmDialog
          title={`Remove ${open.member.email}`}
          confirmLabel="Remove"
          onConfirm={async () => {
            await unwrap(
              api.DELETE('/api/admin/members/{memberId}', { params: { path: { memberId: open.member.id } } }),
            );
            done(`${open.member.email} removed.`);
          }}
          onClose={() => setOpen(null)}
        >
          <p>They lose access to this org at once. The last owner cannot be removed.</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}
