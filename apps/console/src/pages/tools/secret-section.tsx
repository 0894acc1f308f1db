import { unwrap } from '../../api/client';
import type { ToolDetail } from '../../api/types';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { Form, invalid } from '../../ui/form';
import { Section } from '../../ui/page';
import { readSecret, SecretFields } from './secret-fields';

/** Set or rotate the shared secret. The answer is a version number; the value never comes back. */
export function SecretSection({ tool, onChange }: { tool: ToolDetail; onChange: () => void }) {
  const api = useApi();
  const ability = useAbility();
  const announce = useAnnounce();
  if (tool.credential_mode === 'per_agent') {
    return (
      <Section title="Secret">
        <p>This tool is per agent: approvers supply each agent’s own secret when they approve.</p>
      </Section>
    );
  }
  if (!ability.can('update', 'Secret')) {
    return (
      <Section title="Secret">
        <p>
          {tool.has_secret ? `Version ${tool.secret_version} is set.` : 'No secret is set.'} Only owners and
          admins set secrets.
        </p>
      </Section>
    );
  }
  const verb = tool.has_secret ? 'Rotate secret' : 'Set secret';
  const submit = async (data: FormData) => {
    const credential = readSecret(data);
    if (credential === undefined) invalid('credential', 'Enter the new secret.');
    const answer = await unwrap(
      api.PUT('/api/admin/tools/{id}/secret', { params: { path: { id: tool.id } }, body: { credential } }),
    );
    announce(`Secret version ${answer.secret_version} stored. It will not be shown again.`);
    onChange();
  };
  return (
    <Section title="Secret">
      <p>
        {tool.has_secret
          ? `Version ${tool.secret_version} is in use. A new value becomes the next version; agents get it on their next fetch.`
          : 'No secret is set yet.'}
      </p>
      <Form onSubmit={submit} submitLabel={verb} resetOnSuccess label={verb}>
        <SecretFields legend="New secret (write-only)" />
      </Form>
    </Section>
  );
}
