import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { Agent, AgentKey } from '../../api/types';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Badge } from '../../ui/badge';
import { DataTable } from '../../ui/data-table';
import { Section } from '../../ui/page';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Time } from '../../ui/time';

/** The agent's keys by prefix (never their values); several may be active during a rotation. */
export function AgentKeys({ agent, onChange }: { agent: Agent; onChange: () => void }) {
  const api = useApi();
  const ability = useAbility();
  const announce = useAnnounce();
  const [revoking, setRevoking] = useState<AgentKey | null>(null);
  const revoke = async (key: AgentKey) => {
    await unwrap(
      api.DELETE('/api/admin/agents/{agentId}/keys/{keyId}', {
        params: { path: { agentId: agent.id, keyId: key.id } },
      }),
    );
    setRevoking(null);
    announce(`Key ${key.prefix}… revoked.`);
    onChange();
  };
  return (
    <Section title="Keys">
      <DataTable
        caption="Keys"
        rows={agent.keys}
        rowKey={(k) => k.id}
        empty="No keys."
        columns={[
          { header: 'Key', cell: (k) => <code>{k.prefix}…</code> },
          { header: 'Status', cell: (k) => <Badge value={k.status} /> },
          { header: 'Issued', cell: (k) => <Time iso={k.created_at} /> },
          { header: 'Revoked', cell: (k) => <Time iso={k.revoked_at} /> },
          {
            header: 'Actions',
            cell: (k) =>
              k.status === 'active' &&
              ability.can('revoke', 'AgentKey') && (
                <button type="button" className="button danger small" onClick={() => setRevoking(k)}>
                  Revoke
                </button>
              ),
          },
        ]}
      />
      {revoking && (
        <ConfirmDialog
          title={`Revoke key ${revoking.prefix}…`}
          confirmLabel="Revoke"
          onConfirm={() => revoke(revoking)}
          onClose={() => setRevoking(null)}
        >
          <p>Calls with this key fail from now on; other keys keep working.</p>
        </ConfirmDialog>
      )}
    </Section>
  );
}
