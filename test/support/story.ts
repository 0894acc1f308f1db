import type { RunningApp } from './app';
import { call, loginAs, type Reply } from './http';

/** Shared set-up for access stories: an owner token, a tool with a secret, a registered agent. */
export async function adminSession(api: RunningApp, options: { separationOfDuties?: boolean } = {}) {
  const session = await loginAs(api.url);
  const token = session.access_token;
  const admin = (method: string, path: string, body?: unknown) =>
    call(api.url, method, path, { token, body });
  if (options.separationOfDuties !== true) {
    // One owner plays every part in these stories; the rule itself is tested on its own.
    const res = await admin('PUT', '/api/admin/policy', {
      separation_of_duties: false,
      reason: 'one owner plays every part in this test',
    });
    if (res.status !== 200) throw new Error(`could not set the org policy: ${res.status} ${res.text}`);
  }
  return { token, admin, orgId: session.org_id, memberId: session.member_id };
}

export async function addTool(
  admin: (m: string, p: string, b?: unknown) => Promise<Reply>,
  fields: Record<string, unknown> = {},
) {
  const res = await admin('POST', '/api/admin/tools', {
    name: `GitHub ${Math.random().toString(36).slice(2, 8)}`,
    url: 'https://api.github.com',
    description: 'Source hosting',
    auth_type: 'bearer_token',
    credential: 'ghp_shared_secret_value_1234567890',
    instructions: 'Send it as `Authorization: Bearer <credential>`.',
    ...fields,
  });
  if (res.status !== 201) throw new Error(`add tool failed: ${res.status} ${res.text}`);
  return res.body.tool as { id: string; name: string };
}

export async function registerAgent(
  admin: (m: string, p: string, b?: unknown) => Promise<Reply>,
  name = 'Scout',
) {
  const res = await admin('POST', '/api/admin/agents', { name });
  if (res.status !== 201) throw new Error(`register agent failed: ${res.status} ${res.text}`);
  return { id: res.body.agent.id as string, key: res.body.api_key as string };
}

export function agentClient(api: RunningApp, key: string) {
  return (method: string, path: string, body?: unknown) => call(api.url, method, path, { token: key, body });
}
