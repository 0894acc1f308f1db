import { randomUUID } from 'node:crypto';
import { createKeyledgerClient, type KeyledgerClient, unwrap } from '../../packages/client/src';
import type { RunningApp } from '../support/app';
import { OWNER } from '../support/http';

/** Members signed in through the generated client. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<KeyledgerClient> {
  const anonymous = createKeyledgerClient({ baseUrl });
  const { access_token } = await unwrap(anonymous.POST('/api/auth/login', { body: { email, password } }));
  return createKeyledgerClient({ baseUrl, token: access_token });
}

/**
 * The owner registers agents and tools; a separate approver decides their requests, because
 * separation of duties (on by default) forbids approving an agent you registered.
 */
export async function staff(api: RunningApp): Promise<{ owner: KeyledgerClient; approver: KeyledgerClient }> {
  const owner = await signIn(api.url, OWNER.email, OWNER.password);
  const email = `approver-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'approver-password-123';
  await unwrap(owner.POST('/api/admin/members', { body: { email, role: 'approver', password } }));
  return { owner, approver: await signIn(api.url, email, password) };
}

export async function addTool(owner: KeyledgerClient, name: string, credential: string) {
  const { tool } = await unwrap(
    owner.POST('/api/admin/tools', {
      body: {
        name,
        url: `https://${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example.com`,
        description: `${name} for the story`,
        auth_type: 'bearer_token',
        credential,
        instructions: 'Send it as `Authorization: Bearer <credential>`.',
      },
    }),
  );
  return tool;
}

export async function registerAgent(owner: KeyledgerClient, name: string) {
  const { agent, api_key } = await unwrap(owner.POST('/api/admin/agents', { body: { name } }));
  return { id: agent.id, key: api_key };
}
