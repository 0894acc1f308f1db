import { useState } from 'react';
import type { Schemas } from '@keyledger/client';
import { unwrap } from '../../api/client';
import { useApi } from '../../session/session';
import { CopyButton } from '../../ui/copy-button';
import { Dialog } from '../../ui/dialog';
import { FieldError, Form, invalid, optional, SelectField, TextField, text } from '../../ui/form';

type EventType = Schemas['CreateWebhookDto']['events'][number];
type Kind = NonNullable<Schemas['CreateWebhookDto']['kind']>;

/** The events worth a notification; the API accepts any of its documented event types. */
const EVENTS: EventType[] = [
  'AccessRequested',
  'AccessApproved',
  'AccessDenied',
  'GrantRevoked',
  'GrantExpired',
  'CredentialDenied',
  'AgentSuspended',
  'AgentKeyRevoked',
  'ToolSecretRotated',
  'ToolSuggested',
  'InstructionsSuggested',
  'MemberAdded',
  'MemberRoleChanged',
  'MemberLoginFailed',
];

/** Subscribe a URL to events; a generated signing secret is shown once, like an agent key. */
export function WebhookDialog({ onClose, onDone }: { onClose: () => void; onDone: (host: string) => void }) {
  const api = useApi();
  const [signing, setSigning] = useState<{ host: string; secret: string } | null>(null);
  const submit = async (data: FormData) => {
    const url = text(data, 'url');
    const events = data.getAll('events').map(String) as EventType[];
    if (events.length === 0) invalid('events', 'Choose at least one event.');
    const kind = text(data, 'kind') as Kind;
    const answer = await unwrap(
      api.POST('/api/admin/webhooks', {
        body: { url, events, kind, secret: kind === 'webhook' ? optional(data, 'secret') : undefined },
      }),
    );
    // The path may hold the receiver's token (Slack, Discord, Teams): name the host only.
    const { host } = answer.webhook;
    if (answer.signing_secret) setSigning({ host, secret: answer.signing_secret });
    else onDone(host);
  };
  if (signing) {
    return (
      <Dialog title="Webhook added" onClose={() => onDone(signing.host)}>
        <div className="notice warning" role="note">
          <strong>Copy the signing secret now.</strong> It is shown only once; verify the{' '}
          <code>Keyledger-Signature</code> header with it.
        </div>
        <label className="field" htmlFor="signing-secret">
          <span>Signing secret</span>
          <input
            id="signing-secret"
            className="mono"
            readOnly
            value={signing.secret}
            onFocus={(e) => e.currentTarget.select()}
          />
        </label>
        <div className="actions">
          <CopyButton value={signing.secret} label="Copy secret" />
          <button type="button" className="button primary" onClick={() => onDone(signing.host)}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Add webhook" onClose={onClose}>
      <Form onSubmit={submit} submitLabel="Add webhook" onCancel={onClose}>
        <SelectField
          label="Kind"
          name="kind"
          options={[
            { value: 'webhook', label: 'Webhook (signed JSON)' },
            { value: 'slack', label: 'Slack incoming webhook' },
          ]}
        />
        <TextField
          label="URL"
          name="url"
          type="url"
          required
          placeholder="https://hooks.example.com/keyledger"
          autoFocus
        />
        <fieldset className="checkbox-list columns">
          <legend>Events</legend>
          {EVENTS.map((e) => (
            <label key={e} className="checkbox">
              <input type="checkbox" name="events" value={e} defaultChecked={e === 'AccessRequested'} /> {e}
            </label>
          ))}
          <FieldError name="events" />
        </fieldset>
        <TextField
          label="Signing secret (optional, write-only)"
          name="secret"
          type="password"
          autoComplete="new-password"
          minLength={16}
          hint="At least 16 characters. Leave empty and Keyledger generates one, shown once."
        />
      </Form>
    </Dialog>
  );
}
