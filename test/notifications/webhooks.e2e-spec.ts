import { EventStore } from '../../libs/event-store/src/event-store';
import { ProjectionRegistry } from '../../libs/event-store/src/projection';
import { rebuildProjections } from '../../libs/event-store/src/rebuild';
import { verifySignature } from '../../libs/notifications/src/delivery/signature';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { eventually } from '../support/eventually';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';
import { startReceiver } from './receiver';

jest.setTimeout(60_000);

describe('webhooks: signed deliveries from a transactional outbox, with retries', () => {
  let env: TestEnv;
  let api: RunningApp;
  const receivers: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start({
      KEYLEDGER_WEBHOOK_RETRY_BASE_MS: '100', // retries 100 ms, 200 ms, … apart
      KEYLEDGER_WEBHOOK_ALLOW_PRIVATE: 'true',
      KEYLEDGER_PUBLIC_URL: 'https://keys.example.com',
      KEYLEDGER_RATE_ADMIN: '1000/1m',
    });
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await env.close();
  });

  it('delivers signed events, retries a failing receiver, posts to Slack, and shows each outcome', async () => {
    const { admin } = await adminSession(api);
    const good = await startReceiver();
    const flaky = await startReceiver((n) => ({ status: n <= 2 ? 500 : 204 }));
    const slack = await startReceiver();
    const slow = await startReceiver(() => ({ status: 200, delayMs: 8000 }));
    receivers.push(good, flaky, slack, slow);

    const created = await admin('POST', '/api/admin/webhooks', {
      url: `${good.url}/hooks/keyledger?token=abc`,
      events: ['AccessRequested', 'AccessApproved'],
    });
    expect(created.status).toBe(201);
    const secret: string = created.body.signing_secret;
    expect(secret).toMatch(/^whsec_/);
    expect(created.body.webhook).toMatchObject({
      kind: 'webhook',
      url: `${good.url}/hooks/keyledger`,
      signed: true,
    });
    const custom = 'a-receiver-chosen-secret-1234';
    const flakyHook = await admin('POST', '/api/admin/webhooks', {
      url: flaky.url,
      events: ['AccessRequested'],
      secret: custom,
    });
    const slackHook = await admin('POST', '/api/admin/webhooks', {
      url: `${slack.url}/services/T000/B000/XXXX`,
      kind: 'slack',
      events: ['AccessRequested'],
    });
    expect(slackHook.body).toMatchObject({
      signing_secret: null,
      webhook: { url: `${slack.url}/services/…` },
    });
    await admin('POST', '/api/admin/webhooks', { url: slow.url, events: ['AccessRequested'] });
    const listed = await admin('GET', '/api/admin/webhooks');
    expect(listed.body.webhooks).toHaveLength(4);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(JSON.stringify(listed.body)).not.toContain('XXXX');

    const tool = await addTool(admin, { name: 'GitHub' });
    const scout = await registerAgent(admin, 'Scout');
    const started = Date.now();
    const asked = await agentClient(api, scout.key)('POST', `/api/tools/${tool.id}/request`, {
      reason: 'triage the nightly failures',
    });
    // The agent never waits on a receiver, not even one that takes 8 s to answer.
    expect(asked.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(4000);

    expect(await eventually(() => Promise.resolve(good.received.length), 1)).toBe(1);
    const [hit] = good.received;
    expect(hit.path).toBe('/hooks/keyledger?token=abc');
    expect(hit.headers['keyledger-event']).toBe('AccessRequested');
    expect(verifySignature(String(hit.headers['keyledger-signature']), hit.body, secret)).toBe(true);
    expect(verifySignature(String(hit.headers['keyledger-signature']), hit.body, 'whsec_wrong')).toBe(false);
    const body = JSON.parse(hit.body);
    expect(Object.keys(body)).toEqual(['id', 'type', 'occurred_at', 'org_id', 'data', 'metadata']);
    expect(body).toMatchObject({
      type: 'AccessRequested',
      data: { request_id: asked.body.request_id, agent_id: scout.id, tool_id: tool.id },
      metadata: { actor: { type: 'agent', id: scout.id } },
    });

    // Fails twice with 500, then takes the same delivery on the third attempt.
    expect(await eventually(() => Promise.resolve(flaky.received.length), 3)).toBe(3);
    expect(new Set(flaky.received.map((r) => r.headers['keyledger-delivery'])).size).toBe(1);
    expect(
      verifySignature(
        String(flaky.received[2].headers['keyledger-signature']),
        flaky.received[2].body,
        custom,
      ),
    ).toBe(true);
    const outcome = async () =>
      (await admin('GET', `/api/admin/webhooks/${flakyHook.body.webhook.id}/deliveries`)).body.deliveries[0];
    await eventually(async () => (await outcome()).status, 'delivered');
    expect(await outcome()).toMatchObject({
      id: flaky.received[0].headers['keyledger-delivery'],
      event_type: 'AccessRequested',
      status: 'delivered',
      attempts: 3,
      last_status_code: 204,
      last_error: null,
      next_attempt_at: null,
      delivered_at: expect.any(String),
    });

    expect(await eventually(() => Promise.resolve(slack.received.length), 1)).toBe(1);
    const message = JSON.parse(slack.received[0].body);
    expect(message.text).toContain('*Scout* requests access to *GitHub*');
    expect(message.text).toContain(
      `<https://keys.example.com/requests/${asked.body.request_id}|Review the request>`,
    );
    expect(message.blocks[0].type).toBe('section');
    expect(slack.received[0].path).toBe('/services/T000/B000/XXXX');

    // Approval is subscribed only by the first webhook.
    await admin('POST', `/api/admin/requests/${asked.body.request_id}/approve`, {});
    expect(
      await eventually(
        () => Promise.resolve(good.received.map((r) => r.headers['keyledger-event'])),
        ['AccessRequested', 'AccessApproved'],
      ),
    ).toEqual(['AccessRequested', 'AccessApproved']);

    // Replaying the log into every projection enqueues nothing twice.
    const pg = await env.db.admin();
    const count = async () => (await pg.query('SELECT count(*)::int AS n FROM webhook_deliveries')).rows[0].n;
    const before = await count();
    // Rebuilding empties the read models (TRUNCATE): an operator's command, run as the owner.
    const owner = await env.db.connect({ poolSize: 2 });
    await rebuildProjections(owner, api.app.get(EventStore), api.app.get(ProjectionRegistry));
    expect(await count()).toBe(before);
    // Neither the URL's token nor the secret is in the log.
    const { rows } = await pg.query(
      `SELECT 1 FROM events WHERE data::text LIKE '%XXXX%' OR data::text LIKE $1`,
      [`%${secret}%`],
    );
    expect(rows).toHaveLength(0);
  });

  it('stops sending to a deleted webhook', async () => {
    const { admin } = await adminSession(api);
    const r = await startReceiver();
    receivers.push(r);
    const hook = await admin('POST', '/api/admin/webhooks', { url: r.url, events: ['ToolAdded'] });
    const deleted = await admin('DELETE', `/api/admin/webhooks/${hook.body.webhook.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.webhook.status).toBe('deleted');
    expect((await admin('DELETE', `/api/admin/webhooks/${hook.body.webhook.id}`)).status).toBe(404);
    expect((await admin('GET', `/api/admin/webhooks/${hook.body.webhook.id}/deliveries`)).status).toBe(404);
    await addTool(admin);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(r.received).toHaveLength(0);
  });
});
