import { useState } from 'react';
import type { Schemas } from '@keyledger/client';
import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { record } from '../../session/ability';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { DataTable } from '../../ui/data-table';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';

type Linked = Schemas['SlackLinkedMemberDto'];

/** Who can act from Slack; owners and admins unlink a member (admins not an owner). */
export function SlackLinksCard({ version = 0 }: { version?: number }) {
  const api = useApi();
  const ability = useAbility();
  const announce = useAnnounce();
  const [unlinking, setUnlinking] = useState<Linked | null>(null);
  const links = useResource(
    async (a) => (await unwrap(a.GET('/api/admin/integrations/slack/links'))).links,
    [version],
  );
  return (
    <section className="section" aria-labelledby="slack-links">
      <h2 id="slack-links">Members linked to Slack</h2>
      <Loaded resource={links} what="Slack links">
        {(rows) => (
          <DataTable
            caption="Members linked to Slack"
            rows={rows}
            rowKey={(l) => l.member_id}
            empty="No member has linked Slack yet."
            columns={[
              {
                header: 'Member',
                cell: (l) => (l.display_name === l.email ? l.email : `${l.display_name} (${l.email})`),
                className: 'wide',
              },
              { header: 'Role', cell: (l) => l.role },
              { header: 'Slack user', cell: (l) => <span className="mono">{l.slack_user_id}</span> },
              { header: 'Linked', cell: (l) => <Time iso={l.linked_at} /> },
              {
                header: 'Actions',
                cell: (l) =>
                  ability.can('update', record('Member', { role: l.role, new_role: l.role })) ? (
                    <button type="button" className="button danger small" onClick={() => setUnlinking(l)}>
                      Unlink
                    </button>
                  ) : null,
              },
            ]}
          />
        )}
      </Loaded>
      {unlinking && (
        <ConfirmDialog
          title="Unlink Slack"
          confirmLabel="Unlink"
          onClose={() => setUnlinking(null)}
          onConfirm={async () => {
            await unwrap(
              api.DELETE('/api/admin/members/{memberId}/slack-link', {
                params: { path: { memberId: unlinking.member_id } },
              }),
            );
            setUnlinking(null);
            announce(`${unlinking.display_name}'s Slack account is unlinked.`);
            links.reload();
          }}
        >
          <p>
            Clicks from <span className="mono">{unlinking.slack_user_id}</span> will decide nothing for{' '}
            {unlinking.display_name}.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
