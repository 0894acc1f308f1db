import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';
import { auditClient } from './audit-support';

jest.setTimeout(60_000);

const pause = (ms = 25) => new Promise((r) => setTimeout(r, ms));

/** An instant strictly between the step that just returned and the next one. */
async function instant(): Promise<string> {
  await pause();
  const at = new Date().toISOString();
  await pause();
  return at;
}

/** GET /api/audit/access?at= answers for any past instant, from intervals, not current state. */
describe('who could fetch what at an instant', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
  });
  afterAll(() => env.close());

  it('follows grants through approval, suspension, reactivation, revocation, expiry, key loss and retirement', async () => {
    const { token, admin } = await adminSession(api);
    const audit = auditClient(api, token);
    const github = await addTool(admin, { name: 'GitHub' });
    const stripe = await addTool(admin, { name: 'Stripe' });
    const scout = await registerAgent(admin, 'Scout');
    const clerk = await registerAgent(admin, 'Clerk');
    const s = agentClient(api, scout.key);
    const c = agentClient(api, clerk.key);
    const approve = async (ask: typeof s, toolId: string, duration?: number) => {
      const r = await ask('POST', `/api/tools/${toolId}/request`, {
        reason: 'needed for the job',
        ...(duration ? { duration_seconds: duration } : {}),
      });
      expect((await admin('POST', `/api/admin/requests/${r.body.request_id}/approve`, {})).status).toBe(200);
      return r.body.request_id as string;
    };

    const before = await instant();
    const scoutGithub = await approve(s, github.id);
    const during = await instant();
    expect(
      (await admin('POST', `/api/admin/agents/${scout.id}/suspend`, { reason: 'odd traffic' })).status,
    ).toBe(200);
    const suspended = await instant();
    expect((await s('GET', `/api/tools/${github.id}/credentials`)).status).toBe(403);
    expect(
      (await admin('POST', `/api/admin/agents/${scout.id}/reactivate`, { reason: 'cleared' })).status,
    ).toBe(200);
    const reactivated = await instant();
    const clerkStripe = await approve(c, stripe.id, 2);
    const bothActive = await instant();
    await pause(2100);
    const clerkExpired = await instant();
    expect((await c('GET', `/api/tools/${stripe.id}/credentials`)).status).toBe(403);
    expect((await admin('POST', `/api/admin/grants/${scoutGithub}/revoke`, { reason: 'done' })).status).toBe(
      200,
    );
    const revoked = await instant();
    const scoutStripe = await approve(s, stripe.id);
    const scoutStripeActive = await instant();
    const keyId = (await admin('GET', `/api/admin/agents/${scout.id}`)).body.agent.keys[0].id;
    expect((await admin('DELETE', `/api/admin/agents/${scout.id}/keys/${keyId}`)).status).toBe(200);
    const keyless = await instant();
    const clerkGithub = await approve(c, github.id);
    const clerkGithubActive = await instant();
    expect((await admin('DELETE', `/api/admin/tools/${github.id}`)).status).toBe(200);
    const retired = await instant();

    // Asked afterwards, every past instant still has its own answer.
    const grantsAt = async (at: string) => {
      const res = await audit(`/api/audit/access?at=${at}`);
      expect(res.status).toBe(200);
      expect(res.body.at).toBe(at);
      return res.body.grants.map((g: { grant_id: string }) => g.grant_id);
    };
    expect(await grantsAt(before)).toEqual([]);
    expect(await grantsAt(during)).toEqual([scoutGithub]);
    expect(await grantsAt(suspended)).toEqual([]);
    expect(await grantsAt(reactivated)).toEqual([scoutGithub]);
    expect(await grantsAt(bothActive)).toEqual([scoutGithub, clerkStripe]);
    expect(await grantsAt(clerkExpired)).toEqual([scoutGithub]);
    expect(await grantsAt(revoked)).toEqual([]);
    expect(await grantsAt(scoutStripeActive)).toEqual([scoutStripe]);
    expect(await grantsAt(keyless)).toEqual([]);
    expect(await grantsAt(clerkGithubActive)).toEqual([clerkGithub]);
    expect(await grantsAt(retired)).toEqual([]);

    const detail = await audit(`/api/audit/access?at=${during}`);
    expect(detail.body.grants).toEqual([
      {
        grant_id: scoutGithub,
        agent_id: scout.id,
        tool_id: github.id,
        approved_at: expect.any(String),
        approved_by: expect.any(String),
        expires_at: expect.any(String),
      },
    ]);
    const g = detail.body.grants[0];
    expect(Date.parse(g.approved_at)).toBeGreaterThan(Date.parse(before));
    expect(Date.parse(g.approved_at)).toBeLessThan(Date.parse(during));
    const filtered = await audit(`/api/audit/access?at=${bothActive}&agent_id=${clerk.id}`);
    expect(filtered.body.grants.map((x: { grant_id: string }) => x.grant_id)).toEqual([clerkStripe]);
    const now = await audit('/api/audit/access');
    expect(now.status).toBe(200);
    expect(now.body.grants).toEqual([]);
    expect((await audit('/api/audit/access?at=not-a-time')).status).toBe(400);
  });
});
