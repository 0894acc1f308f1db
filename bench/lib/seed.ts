import type { JsonClient } from './http';
import { BOOTSTRAP } from './service';

/** Runs `work` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The bootstrap owner's token. The owner registers the agents and approves their requests
 * alone, so separation of duties is turned off for the org (builds without the rule answer 404).
 */
export async function login(api: JsonClient): Promise<string> {
  const body = await api.expect<{ access_token: string }>(
    200,
    'POST',
    '/api/auth/login',
    undefined,
    BOOTSTRAP,
  );
  const policy = await api.call('PUT', '/api/admin/policy', body.access_token, {
    separation_of_duties: false,
    reason: 'benchmark: the bootstrap owner plays every part',
  });
  if (policy.status !== 200 && policy.status !== 404) {
    throw new Error(`PUT /api/admin/policy: ${policy.status} ${JSON.stringify(policy.body)}`);
  }
  return body.access_token;
}

export async function addTool(api: JsonClient, admin: string, name: string): Promise<string> {
  const body = await api.expect<{ tool: { id: string } }>(201, 'POST', '/api/admin/tools', admin, {
    name,
    url: 'https://api.example.com',
    description: `Benchmark tool ${name}: a realistic one-line description of what it does`,
    auth_type: 'bearer_token',
    credential: 'bench_secret_value_0123456789abcdef',
    instructions: 'Send it as `Authorization: Bearer <credential>`.',
  });
  return body.tool.id;
}

export async function registerAgent(api: JsonClient, admin: string, name: string): Promise<string> {
  const body = await api.expect<{ api_key: string }>(201, 'POST', '/api/admin/agents', admin, { name });
  return body.api_key;
}

/** The agent asks, the admin approves: the agent may then fetch the tool's credential. */
export async function grantAccess(
  api: JsonClient,
  admin: string,
  agentKey: string,
  toolId: string,
): Promise<void> {
  const asked = await api.expect<{ request_id: string }>(
    201,
    'POST',
    `/api/tools/${toolId}/request`,
    agentKey,
    {
      reason: 'benchmark run',
    },
  );
  const approved = await api.expect<{ request: { status: string } }>(
    200,
    'POST',
    `/api/admin/requests/${asked.request_id}/approve`,
    admin,
    {},
  );
  if (approved.request.status !== 'approved')
    throw new Error(`request ${asked.request_id} is ${approved.request.status}`);
}

/** `count` agents, each approved for `toolId`; answers their API keys. */
export async function approvedAgents(
  api: JsonClient,
  admin: string,
  toolId: string,
  count: number,
  concurrency = 8,
): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `bench-agent-${String(i).padStart(3, '0')}`);
  return mapLimit(names, concurrency, async (name) => {
    const key = await registerAgent(api, admin, name);
    await grantAccess(api, admin, key, toolId);
    return key;
  });
}
