import { unwrap } from '../../api/client';
import { toApiError } from '../../api/problem';
import type { AccessRequest } from '../../api/types';
import { useApi } from '../../session/session';
import { Dialog } from '../../ui/dialog';
import { Form, optional } from '../../ui/form';
import { TextArea } from '../../ui/form';

interface Props {
  requests: AccessRequest[];
  onClose: () => void;
  onDone: (message: string) => void;
}

/**
 * Approves several requests with one note, each for the duration it asked (the API still
 * decides each one: a refusal is reported by name and the others go through).
 */
export function BulkApproveDialog({ requests, onClose, onDone }: Props) {
  const api = useApi();
  const approve = async (data: FormData) => {
    const note = optional(data, 'note');
    const failed: string[] = [];
    for (const r of requests) {
      try {
        await unwrap(
          api.POST('/api/admin/requests/{requestId}/approve', {
            params: { path: { requestId: r.id } },
            body: { note },
          }),
        );
      } catch (error) {
        failed.push(`${r.agent_name} → ${r.tool_name}: ${toApiError(error).message}`);
      }
    }
    const done = requests.length - failed.length;
    onDone(
      failed.length === 0
        ? `Approved ${done} request${done === 1 ? '' : 's'}.`
        : `Approved ${done} of ${requests.length}. Not approved: ${failed.join('; ')}`,
    );
  };
  return (
    <Dialog title={`Approve ${requests.length} request${requests.length === 1 ? '' : 's'}`} onClose={onClose}>
      <ul>
        {requests.map((r) => (
          <li key={r.id}>
            <strong>{r.agent_name}</strong> → {r.tool_name}: <q>{r.reason}</q>
          </li>
        ))}
      </ul>
      <p className="muted small">Each is approved for the duration it asked for (or the default).</p>
      <Form onSubmit={approve} submitLabel="Approve all" busyLabel="Approving…" onCancel={onClose}>
        <TextArea label="Note (optional)" name="note" maxLength={500} />
      </Form>
    </Dialog>
  );
}
