import { unwrap } from '../../api/client';
import type { AccessRequest } from '../../api/types';
import { useApi } from '../../session/session';
import { Dialog } from '../../ui/dialog';
import { Form, TextArea, text } from '../../ui/form';

interface Props {
  request: AccessRequest;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Deny with a reason: the agent reads it in `denial_reason` and can ask again differently. */
export function DenyDialog({ request, onClose, onDone }: Props) {
  const api = useApi();
  const deny = async (data: FormData) => {
    await unwrap(
      api.POST('/api/admin/requests/{requestId}/deny', {
        params: { path: { requestId: request.id } },
        body: { reason: text(data, 'reason') },
      }),
    );
    onDone(`Denied ${request.agent_name}’s request for ${request.tool_name}.`);
  };
  return (
    <Dialog title={`Deny ${request.agent_name} → ${request.tool_name}`} onClose={onClose}>
      <blockquote className="reason-quote">{request.reason}</blockquote>
      <Form
        onSubmit={deny}
        submitLabel="Deny"
        busyLabel="Denying…"
        danger
        actions={
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        }
      >
        <TextArea
          label="Reason"
          name="reason"
          required
          minLength={3}
          maxLength={500}
          hint="The agent is told this reason."
        />
      </Form>
    </Dialog>
  );
}
