import type { Client } from 'pg';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { eventually } from '../support/eventually';
import { call } from '../support/http';
import { adminSession, registerAgent } from '../support/story';

/**
 * Refusals to known keys are counted, not recorded one by one (docs/adr/0013): a suspended
 * agent (issue 13, finding 5) and a revoked key (issue 14, item 12) leave one
 * AgentRequestsRefused per key and window, with the count, first and last seen and addresses.
 */
const WINDOW_SECONDS = 2;
const WINDOW = {
  KEYLEDGER_REFUSAL_WINDOW_SECONDS: String(WINDOW_SECONDS),
  KEYLEDGER_RATE_PREAUTH: '100000/1m',
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('counted refusals', () => {
  let env: TestEnv;
  let db: Client;

  beforeAll(async () => {
    env = await createTestEnv();
    db = await env.db.admin();
  });
  afterAll(() => env.close());

  const history = async (agentId: string) =>
    (
      await db.query<{ type: string; data: Record<string, any>; metadata: Record<string, any> }>(
        `SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version`,
        [`agent-${agentId}`],
      )
    ).rows;
  const refusals = async (agentId: string) =>
    (await history(agentId)).filter((e) => /^AgentRequests?Refused$/.test(e.type));
  /**
   * Waits until the refusal events add up to `total` (a per-request event counts as one), then a
   * window more, for a wrong extra one to land.
   */
  const counted = async (agentId: string, total: number, windowSeconds = WINDOW_SECONDS) => {
    const sum = async () => (await refusals(agentId)).reduce((n, e) => n + Number(e.data.count ?? 1), 0);
    await eventually(sum, total, 30_000);
    await sleep(windowSeconds * 1000 + 1_500);
    expect(await sum()).toBe(total);
    return refusals(agentId);
  };
  /** However long a flood took, it adds at most one event per window (the first may open late). */
  const bound = (elapsedMs: number, windowSeconds = WINDOW_SECONDS) =>
    Math.ceil(elapsedMs / (windowSeconds * 1000)) + 1;

  async function flood(api: RunningApp, key: string, paths: string[], total: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < total; i += 25) {
      const batch = Array.from({ length: Math.min(25, total - i) }, (_, j) =>
        call(api.url, 'GET', paths[(i + j) % paths.length], { token: key }).then((r) => r.status),
      );
      statuses.push(...(await Promise.all(batch)));
    }
    return statuses;
  }

  it("rate-limits a suspended agent's key first, then counts its refusals: one event per window", async () => {
    const api = await env.start({ ...WINDOW, KEYLEDGER_RATE_READ: '5/1m' });
    const { admin } = await adminSession(api);
    const agent = await registerAgent(admin, 'Suspended-Flooder');
    expect(
      (await admin('POST', `/api/admin/agents/${agent.id}/suspend`, { reason: 'key leaked' })).status,
    ).toBe(200);

    const started = Date.now();
    const statuses = await flood(api, agent.key, ['/api/tools'], 300);
    const elapsed = Date.now() - started;
    expect(statuses.filter((s) => s === 403)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(295);

    const events = await counted(agent.id, 5);
    expect(events.length).toBeLessThanOrEqual(bound(elapsed));
    expect(events[0].type).toBe('AgentRequestsRefused');
    expect(events[0].data).toMatchObject({
      agent_id: agent.id,
      reason: 'suspended',
      ips: ['127.0.0.1'],
      more_ips: false,
      requests: ['GET /api/tools'],
    });
    expect(new Date(events[0].data.first_seen) <= new Date(events[0].data.last_seen)).toBe(true);
    expect(events[0].metadata.actor).toMatchObject({ type: 'agent', id: agent.id });
    await api.close();
  });

  it('makes a revoked key that keeps probing visible: one event per window with the count', async () => {
    const api = await env.start(WINDOW);
    const { admin } = await adminSession(api);
    const agent = await registerAgent(admin, 'Rotated-Agent');
    const created = await admin('GET', `/api/admin/agents/${agent.id}`);
    const keyId = created.body.agent.keys[0].id as string;
    expect((await admin('DELETE', `/api/admin/agents/${agent.id}/keys/${keyId}`)).status).toBe(200);

    const started = Date.now();
    const statuses = await flood(api, agent.key, ['/api/tools', '/api/me'], 60);
    const probe = await call(api.url, 'GET', '/api/me', { token: agent.key });
    const elapsed = Date.now() - started;
    expect(new Set(statuses)).toEqual(new Set([401]));
    // Answered exactly like an unknown key: the prober learns nothing.
    expect(probe.body).toMatchObject({ type: expect.stringMatching(/invalid-agent-key$/) });

    let events = await counted(agent.id, 61);
    expect(events.length).toBeLessThanOrEqual(bound(elapsed));
    for (const event of events) {
      expect(event.type).toBe('AgentRequestsRefused');
      expect(event.data).toMatchObject({ agent_id: agent.id, key_id: keyId, reason: 'key_revoked' });
      expect(event.data.ips).toEqual(['127.0.0.1']);
      expect(event.metadata).toMatchObject({ actor: { type: 'agent', id: agent.id }, ip: '127.0.0.1' });
    }
    expect(new Set(events.flatMap((e) => e.data.requests))).toEqual(
      new Set(['GET /api/me', 'GET /api/tools']),
    );

    // A single later probe is still seen, in an event of its own window.
    const before = events.length;
    expect((await call(api.url, 'GET', '/api/tools', { token: agent.key })).status).toBe(401);
    events = await counted(agent.id, 62);
    expect(events).toHaveLength(before + 1);
    expect(events[before].data).toMatchObject({ count: 1, requests: ['GET /api/tools'] });
    await api.close();
  });

  it('adds up probes seen by two instances, including what one had in memory when it stopped', async () => {
    const shared = { ...WINDOW, KEYLEDGER_REFUSAL_WINDOW_SECONDS: '4' };
    const a = await env.start(shared);
    const b = await env.start(shared);
    const { admin } = await adminSession(a);
    const agent = await registerAgent(admin, 'Two-Instance-Probe');
    const keyId = (await admin('GET', `/api/admin/agents/${agent.id}`)).body.agent.keys[0].id as string;
    expect((await admin('DELETE', `/api/admin/agents/${agent.id}/keys/${keyId}`)).status).toBe(200);

    const started = Date.now();
    expect(new Set(await flood(b, agent.key, ['/api/tools'], 10))).toEqual(new Set([401]));
    expect(new Set(await flood(a, agent.key, ['/api/me'], 10))).toEqual(new Set([401]));
    await a.close();
    const elapsed = Date.now() - started;

    // Every probe counted, A's last ones written when it stopped; closed by B.
    const events = await counted(agent.id, 20, 4);
    expect(events.length).toBeLessThanOrEqual(bound(elapsed, 4));
    expect(new Set(events.flatMap((e) => e.data.requests))).toEqual(
      new Set(['GET /api/me', 'GET /api/tools']),
    );
    await b.close();
  });
});
