import type { AddTool, ToolDetail } from '../../api/types';
import { Form, invalid, type Option, raw, SelectField, TextArea, TextField, text } from '../../ui/form';
import { SecretFields, readSecret } from './secret-fields';

const AUTH_TYPES: Option[] = [
  { value: 'bearer_token', label: 'Bearer token' },
  { value: 'api_key', label: 'API key' },
  { value: 'basic_auth', label: 'Basic auth (username and password)' },
  { value: 'oauth_token', label: 'OAuth token' },
  { value: 'header', label: 'Custom header' },
  { value: 'custom', label: 'Custom' },
];
const MODES: Option[] = [
  { value: 'shared', label: 'Shared (one secret for all agents)' },
  { value: 'per_agent', label: 'Per agent (set when approving)' },
];

export type ToolFormValues = Partial<
  Pick<
    ToolDetail,
    | 'name'
    | 'url'
    | 'description'
    | 'auth_type'
    | 'credential_mode'
    | 'instructions'
    | 'credential_expires_at'
  >
>;

interface Props {
  initial?: ToolFormValues;
  submitLabel: string;
  /** Creating a tool may set its first secret in the same step. */
  withSecret?: boolean;
  onSubmit: (body: AddTool) => Promise<void>;
  /** Shows a Cancel button that calls this. */
  onCancel?: () => void;
}

/** The fields of a tool, shared by Add tool, Edit and accepting a suggestion. */
export function ToolForm({ initial = {}, submitLabel, withSecret, onSubmit, onCancel }: Props) {
  const submit = async (data: FormData) => {
    const name = text(data, 'name');
    if (!name) invalid('name', 'Give the tool a name.');
    const expires = text(data, 'credential_expires_at');
    const body: AddTool = {
      name,
      url: text(data, 'url') || null,
      description: text(data, 'description'),
      auth_type: text(data, 'auth_type') as AddTool['auth_type'],
      credential_mode: text(data, 'credential_mode') as AddTool['credential_mode'],
      instructions: raw(data, 'instructions'),
      credential_expires_at: expires ? new Date(`${expires}T00:00:00Z`).toISOString() : null,
    };
    const credential = withSecret ? readSecret(data) : undefined;
    if (credential !== undefined) body.credential = credential;
    await onSubmit(body);
  };
  return (
    <Form onSubmit={submit} submitLabel={submitLabel} resetOnSuccess={withSecret} onCancel={onCancel}>
      <div className="grid-2">
        <TextField label="Name" name="name" defaultValue={initial.name} required maxLength={100} />
        <TextField
          label="URL"
          name="url"
          type="url"
          defaultValue={initial.url ?? ''}
          placeholder="https://api.example.com"
        />
      </div>
      <TextArea label="Description" name="description" defaultValue={initial.description} maxLength={2000} />
      <div className="grid-2">
        <SelectField
          label="Authentication"
          name="auth_type"
          options={AUTH_TYPES}
          defaultValue={initial.auth_type ?? 'bearer_token'}
        />
        <SelectField
          label="Credential mode"
          name="credential_mode"
          options={MODES}
          defaultValue={initial.credential_mode ?? 'shared'}
        />
      </div>
      <TextField
        label="Credential expires on (optional)"
        name="credential_expires_at"
        type="date"
        defaultValue={initial.credential_expires_at?.slice(0, 10) ?? ''}
        hint="The console warns 14 days ahead and flags the tool for rotation after this date."
      />
      <TextArea
        label="Usage instructions (Markdown)"
        name="instructions"
        rows={6}
        defaultValue={initial.instructions}
        maxLength={20_000}
        hint="Agents receive these with the credential. Each change is kept as a new version."
      />
      {withSecret && <SecretFields legend="Secret (optional, write-only)" />}
    </Form>
  );
}
