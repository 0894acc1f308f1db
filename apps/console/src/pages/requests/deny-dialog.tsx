import { unwrap } from '../../api/client';
import type { AccessRequest } from '../../api/types';
import { useApi } from '../../session/session';
import { ReasonDialog } from '../../ui/reason-dialog';

interface Props {
  request: AccessRequest;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Deny with a reason: the agent reads it in `denial_reason` and can ask again differently. */
export function DenyDialog({ request, onClose, onDone }: Props) {
  const api = useApi();
  const deny = async (reason: string) => {
    await unwrap(
      api.POST('/api/admin/requests/{requestId}/deny', {
        params: { path: { requestId: request.id } },
        body: { reason },
      }),
    );
    onDone(`Denied ${request.agent_name}’s request for ${request.tool_name}.`);
  };
  return (
    <ReasonDialog
      title={`Deny ${request.agent_name} → ${request.tool_name}`}
      submitLabel="Deny"
      busyLabel="Denying…"
      danger
      minLength={3}
      hint="The agent is told this reason."
      onSubmit={deny}
      onClose={onClose}
    >
      <blockquote className="reason-quote">{request.reason}</blockquote>
    </ReasonDialog>
  );
}
