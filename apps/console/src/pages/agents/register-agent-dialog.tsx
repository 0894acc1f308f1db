import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { Agent } from '../../api/types';
import { useApi } from '../../session/session';
import { Dialog } from '../../ui/dialog';
import { Form, optional, TextArea, TextField, text } from '../../ui/form';
import { KeyReveal } from './key-reveal';

/** Register an agent; the dialog then shows its key once, with the onboarding snippet. */
export function RegisterAgentDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const [created, setCreated] = useState<{ agent: Agent; apiKey: string } | null>(null);
  const register = async (data: FormData) => {
    const answer = await unwrap(
      api.POST('/api/admin/agents', {
        body: { name: text(data, 'name'), description: optional(data, 'description') },
      }),
    );
    setCreated({ agent: answer.agent, apiKey: answer.api_key });
  };
  return (
    <Dialog
      title={created ? `${created.agent.name} is registered` : 'Register agent'}
      onClose={onClose}
      wide={!!created}
    >
      {created ? (
        <>
          <KeyReveal agentId={created.agent.id} agentName={created.agent.name} apiKey={created.apiKey} />
          <div className="actions">
            <button type="button" className="button primary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <Form onSubmit={register} submitLabel="Register" busyLabel="Registering…" onCancel={onClose}>
          <TextField
            label="Name"
            name="name"
            required
            maxLength={100}
            autoFocus
            hint="For example Onboarding-Agent"
          />
          <TextArea label="Description (optional)" name="description" maxLength={1000} />
        </Form>
      )}
    </Dialog>
  );
}
