import { useState } from 'react';
import { unwrap } from '../../api/client';
import { memberLabel, useMembers } from '../../api/lookups';
import type { ToolDetail } from '../../api/types';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { DataTable } from '../../ui/data-table';
import { Section } from '../../ui/page';
import { Time } from '../../ui/time';

/** Every version of the usage instructions; restoring one makes it current as a new version. */
export function InstructionsHistory({ tool, onChange }: { tool: ToolDetail; onChange: () => void }) {
  const api = useApi();
  const announce = useAnnounce();
  const members = useMembers();
  const [restoring, setRestoring] = useState<number | null>(null);
  const editable = useAbility().can('update', 'Tool') && tool.status === 'active';
  const rows = [...tool.instructions_history].sort((a, b) => b.version - a.version);
  const restore = async (version: number) => {
    await unwrap(
      api.POST('/api/admin/tools/{id}/instructions/restore', {
        params: { path: { id: tool.id } },
        body: { version },
      }),
    );
    setRestoring(null);
    announce(`Version ${version} of the instructions is current again.`);
    onChange();
  };
  return (
    <Section title="Instructions history">
      <DataTable
        caption="Instructions history"
        rows={rows}
        rowKey={(v) => String(v.version)}
        empty="No instructions yet."
        columns={[
          {
            header: 'Version',
            cell: (v) =>
              v.version === tool.instructions_version ? `v${v.version} (current)` : `v${v.version}`,
          },
          { header: 'Changed', cell: (v) => <Time iso={v.created_at} /> },
          { header: 'By', cell: (v) => memberLabel(members.data, v.created_by) },
          {
            header: 'Actions',
            cell: (v) =>
              editable &&
              v.version !== tool.instructions_version && (
                <button type="button" className="button small" onClick={() => setRestoring(v.version)}>
                  Restore
                </button>
              ),
          },
        ]}
      />
      {restoring !== null && (
        <ConfirmDialog
          title={`Restore version ${restoring}`}
          confirmLabel="Restore"
          onConfirm={() => restore(restoring)}
          onClose={() => setRestoring(null)}
        >
          <p>
            Agents receive version {restoring}’s text with their next credential fetch. The history keeps
            every version.
          </p>
        </ConfirmDialog>
      )}
    </Section>
  );
}
