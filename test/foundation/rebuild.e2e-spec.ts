import { ALL_PROJECTIONS } from '../../apps/api/src/projections';
import { EventStore } from '../../libs/event-store/src/event-store';
import { LogMac } from '../../libs/event-store/src/log-mac';
import { ProjectionRegistry } from '../../libs/event-store/src/projection';
import { rebuildProjections } from '../../libs/event-store/src/rebuild';
import { SubscriptionRunner } from '../../libs/event-store/src/subscription-runner';
import { call } from '../support/http';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { snapshotReadModels } from '../support/snapshot';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';

jest.setTimeout(60_000);

/** DESIGN.md invariant 5: dropping every read model and replaying the log yields identical tables. */
describe('projection rebuild', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start({}, { background: false });
  });
  afterAll(() => env.close());

  it('rebuilds every read model to the rows the inline and async paths wrote', async () => {
    const { admin, token } = await adminSession(api);
    const github = await addTool(admin, { name: 'GitHub' });
    const stripe = await addTool(admin, {
      name: 'Stripe',
      credential_mode: 'per_agent',
      credential: undefined,
    });
    await admin('PATCH', `/api/admin/tools/${github.id}`, { instructions: 'v2 instructions' });
    await admin('PUT', `/api/admin/tools/${github.id}/secret`, { credential: { token: 'rotated-value' } });
    const scout = await registerAgent(admin, 'Scout');
    const clerk = await registerAgent(admin, 'Clerk');
    await admin('POST', `/api/admin/agents/${clerk.id}/keys`);
    await admin('PATCH', `/api/admin/agents/${clerk.id}`, { description: 'files invoices' });
    const s = agentClient(api, scout.key);
    const c = agentClient(api, clerk.key);
    const r1 = await s('POST', `/api/tools/${github.id}/request`, { reason: 'open issues for bugs' });
    await admin('POST', `/api/admin/requests/${r1.body.request_id}/approve`, { note: 'fine' });
    await s('GET', `/api/tools/${github.id}/credentials`);
    await s('GET', `/api/tools/${github.id}/credentials`);
    const r2 = await c('POST', `/api/tools/${stripe.id}/request`, { reason: 'refund a customer' });
    await admin('POST', `/api/admin/requests/${r2.body.request_id}/approve`, { credential: 'rk_live_clerk' });
    await c('GET', `/api/tools/${stripe.id}/credentials`);
    await admin('POST', `/api/admin/grants/${r1.body.request_id}/revoke`, { reason: 'done' });
    const r3 = await c('POST', `/api/tools/${github.id}/request`, { reason: 'read the repo' });
    await admin('POST', `/api/admin/requests/${r3.body.request_id}/deny`, { reason: 'not needed' });
    await admin('POST', `/api/admin/agents/${scout.id}/suspend`, { reason: 'paused' });
    await admin('DELETE', `/api/admin/tools/${github.id}`);

    const db = await env.db.connect();
    const registry = new ProjectionRegistry().register(...ALL_PROJECTIONS);
    const store = new EventStore(db, new LogMac(env.runtime.masterKeys), registry);
    await new SubscriptionRunner(db, store, registry.async()).catchUp();
    const before = await snapshotReadModels(db, registry);
    expect(before.access_requests).toHaveLength(3);
    expect(before.grant_usage.length).toBeGreaterThan(0);
    expect(before.agents).toHaveLength(2);
    expect(before.tools).toHaveLength(2);

    const progress = await rebuildProjections(db, store, registry);
    expect(progress.done).toBe(progress.total);
    expect(await snapshotReadModels(db, registry)).toEqual(before);
    // What auditors read is the chained log again, row for row, and verification proves it.
    const verdict = await call(api.url, 'GET', '/api/audit/verify', { token });
    expect(verdict.body).toMatchObject({ ok: true, first_bad_position: null });
  });
});
