import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call } from '../support/http';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';

jest.setTimeout(120_000);

/** High limits: these tests are about revocation and fail-closed, not rate limiting. */
const UNLIMITED = {
  KEYLEDGER_RATE_CREDENTIAL: '100000/1m',
  KEYLEDGER_RATE_READ: '100000/1m',
  KEYLEDGER_RATE_PREAUTH: '100000/1m',
};

describe('access invariants under concurrency (two instances, one database)', () => {
  let env: TestEnv;
  let one: RunningApp;
  let two: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    one = await env.start(UNLIMITED);
    two = await env.start(UNLIMITED);
  });
  afterAll(() => env.close());

  async function grantedAgent(name: string) {
    const { admin } = await adminSession(one);
    const tool = await addTool(admin);
    const agent = await registerAgent(admin, name);
    const ask = await agentClient(one, agent.key)('POST', `/api/tools/${tool.id}/request`, {
      reason: 'load test of revocation',
    });
    await admin('POST', `/api/admin/requests/${ask.body.request_id}/approve`, {});
    return { admin, tool, agent, grantId: ask.body.request_id as string };
  }

  /** Fires `count` fetches spread over both instances while `cut` runs; returns what each saw. */
  async function stormDuring(toolId: string, key: string, count: number, cut: () => Promise<void>) {
    let cutReturnedAt = Infinity;
    const results: Array<{ status: number; startedAt: number; body: string }> = [];
    const fetchOnce = async (i: number) => {
      const startedAt = performance.now();
      const res = await call(i % 2 ? two.url : one.url, 'GET', `/api/tools/${toolId}/credentials`, {
        token: key,
      });
      results.push({ status: res.status, startedAt, body: res.text });
    };
    // The storm is spread over ~300 ms; the cut lands inside it.
    const fetches = Array.from({ length: count }, async (_, i) => {
      await new Promise((r) => setTimeout(r, Math.floor(i * 1.5)));
      await fetchOnce(i);
    });
    await new Promise((r) => setTimeout(r, 40));
    await cut();
    cutReturnedAt = performance.now();
    // And a last wave that certainly starts after the cut returned, on both instances.
    await Promise.all([...fetches, ...Array.from({ length: 20 }, (_, i) => fetchOnce(i))]);
    const afterCut = results.filter((r) => r.startedAt > cutReturnedAt);
    return { results, afterCut };
  }

  async function streamTypes(streamId: string): Promise<string[]> {
    const { rows } = await (
      await env.db.admin()
    ).query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version`, [streamId]);
    return rows.map((r) => r.type);
  }

  it('no fetch succeeds once a revoke has returned, and no CredentialVended follows GrantRevoked', async () => {
    const { admin, tool, agent, grantId } = await grantedAgent('Revoked-Agent');
    const { results, afterCut } = await stormDuring(tool.id, agent.key, 200, async () => {
      const res = await admin('POST', `/api/admin/grants/${grantId}/revoke`, { reason: 'incident response' });
      expect(res.status).toBe(200);
    });
    expect(results.some((r) => r.status === 200)).toBe(true); // the storm really overlapped
    expect(afterCut.length).toBeGreaterThan(0);
    for (const r of afterCut) expect(r.status).toBe(403);
    for (const r of results) expect([200, 403]).toContain(r.status);
    const types = await streamTypes(`access-${grantId}`);
    const revokedAt = types.indexOf('GrantRevoked');
    expect(revokedAt).toBeGreaterThan(0);
    expect(types.slice(revokedAt + 1).filter((t) => t === 'CredentialVended')).toEqual([]);
    expect(types.filter((t) => t === 'CredentialVended').length).toBe(
      results.filter((r) => r.status === 200).length,
    );
  });

  it('no fetch succeeds once a suspension has returned', async () => {
    const { admin, tool, agent } = await grantedAgent('Suspended-Agent');
    const { results, afterCut } = await stormDuring(tool.id, agent.key, 200, async () => {
      expect(
        (await admin('POST', `/api/admin/agents/${agent.id}/suspend`, { reason: 'anomalous use' })).status,
      ).toBe(200);
    });
    expect(results.some((r) => r.status === 200)).toBe(true);
    for (const r of afterCut) expect(r.status).toBe(403);
    const { rows } = await (
      await env.db.admin()
    ).query(
      `SELECT count(*)::int AS n FROM events WHERE type = 'CredentialDenied' AND data->>'reason' = 'suspended' AND data->>'agent_id' = $1`,
      [agent.id],
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(afterCut.length);
  });

  it('no fetch succeeds once the key has been revoked', async () => {
    const { admin, tool, agent } = await grantedAgent('Key-Revoked-Agent');
    const detail = await admin('GET', `/api/admin/agents/${agent.id}`);
    const keyId = detail.body.agent.keys[0].id as string;
    const { results, afterCut } = await stormDuring(tool.id, agent.key, 200, async () => {
      expect((await admin('DELETE', `/api/admin/agents/${agent.id}/keys/${keyId}`)).status).toBe(200);
    });
    expect(results.some((r) => r.status === 200)).toBe(true);
    for (const r of afterCut) expect([401, 403]).toContain(r.status);
  });

  it('fails closed: when CredentialVended cannot be recorded the agent gets 503 and no secret', async () => {
    const { tool, agent, grantId } = await grantedAgent('Fail-Closed-Agent');
    const client = agentClient(one, agent.key);
    const ok = await client('GET', `/api/tools/${tool.id}/credentials`);
    expect(ok.status).toBe(200);
    const secret = ok.body.credential as string;
    const su = await env.db.admin();
    // The log refuses the event (as a full disk or a lost primary would).
    await su.query(`CREATE FUNCTION refuse_vend() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated outage'; END $$`);
    await su.query(`CREATE TRIGGER refuse_vend BEFORE INSERT ON events FOR EACH ROW
      WHEN (NEW.type = 'CredentialVended') EXECUTE FUNCTION refuse_vend()`);
    try {
      const refused = await client('GET', `/api/tools/${tool.id}/credentials`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
      expect(refused.text).not.toContain(secret);
    } finally {
      await su.query('DROP TRIGGER refuse_vend ON events');
    }
    expect((await streamTypes(`access-${grantId}`)).filter((t) => t === 'CredentialVended')).toHaveLength(1);
  });

  it('records every kind of denied fetch with its reason', async () => {
    const { admin, tool, agent } = await grantedAgent('Suspended-Once');
    expect((await admin('POST', `/api/admin/agents/${agent.id}/suspend`, { reason: 'check' })).status).toBe(
      200,
    );
    const res = await agentClient(two, agent.key)('GET', `/api/tools/${tool.id}/credentials`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ reason: 'suspended' });
    expect(res.body.detail).toMatch(/admin/);
  });
});
