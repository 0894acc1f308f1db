import { unwrap } from '../../api/client';
import type { AccessRequest, Tool } from '../../api/types';
import { useApi } from '../../session/session';
import { Dialog } from '../../ui/dialog';
import { Form, optional, raw, SelectField, TextArea, TextField, text } from '../../ui/form';
import { humanDuration } from '../../ui/time';

const PRESETS = [900, 3600, 8 * 3600, 86_400, 7 * 86_400, 30 * 86_400, 90 * 86_400];

interface Props {
  request: AccessRequest;
  tool: Tool | undefined;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Approve with a duration (never longer than asked) and a note; per-agent tools take the agent's secret. */
export function ApproveDialog({ request, tool, onClose, onDone }: Props) {
  const api = useApi();
  const asked = request.requested_duration_seconds;
  const options = [
    { value: '', label: asked ? `As requested (${humanDuration(asked)})` : 'Default (30 days)' },
    ...PRESETS.filter((s) => !asked || s < asked).map((s) => ({ value: String(s), label: humanDuration(s) })),
  ];
  const perAgent = tool?.credential_mode === 'per_agent';
  const approve = async (data: FormData) => {
    const duration = text(data, 'duration_seconds');
    const credential = perAgent ? raw(data, 'credential') : undefined;
    const { request: after } = await unwrap(
      api.POST('/api/admin/requests/{requestId}/approve', {
        params: { path: { requestId: request.id } },
        body: {
          note: optional(data, 'note'),
          duration_seconds: duration ? Number(duration) : undefined,
          ...(credential ? { credential } : {}),
        },
      }),
    );
    onDone(
      after.status === 'approved'
        ? `Approved ${request.agent_name}’s access to ${request.tool_name}.`
        : `Your approval is recorded (${after.approvals.length} so far); more approvers are needed.`,
    );
  };
  return (
    <Dialog title={`Approve ${request.agent_name} → ${request.tool_name}`} onClose={onClose}>
      <blockquote className="reason-quote">{request.reason}</blockquote>
      <Form onSubmit={approve} submitLabel="Approve" busyLabel="Approving…" resetOnSuccess onCancel={onClose}>
        <SelectField
          label="Duration"
          name="duration_seconds"
          options={options}
          hint="You may shorten what the agent asked for, not lengthen it."
        />
        <TextArea label="Note (optional)" name="note" maxLength={500} />
        {perAgent && (
          <TextField
            label="This agent’s credential"
            name="credential"
            type="password"
            autoComplete="new-password"
            required
            hint="Write-only: stored encrypted, given to this agent only, never shown again."
          />
        )}
      </Form>
    </Dialog>
  );
}
