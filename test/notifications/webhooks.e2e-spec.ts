import { EventStore } from '../../libs/event-store/src/event-store';
import { ProjectionRegistry } from '../../libs/event-store/src/projection';
import { rebuildProjections } from '../../libs/event-store/src/rebuild';
import { verifySignature } from '../../libs/notifications/src/delivery/signature';
import { webhooksProjection } from '../../libs/notifications/src/webhooks.projection';
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
      host: `127.0.0.1:${good.port}`,
      url_fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
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
      webhook: { host: `127.0.0.1:${slack.port}` },
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

  it('records and shows a target by host and keyed fingerprint, never its path or query (issue 13)', async () => {
    const { admin, orgId } = await adminSession(api);
    const r = await startReceiver();
    receivers.push(r);
    // Discord and Teams put the webhook's token in the path; others put one in the query.
    const discord = `${r.url}/api/webhooks/123456789/discord-token-SECRETPATH`;
    const teams = `${r.url}/webhookb2/teams-SECRETPATH/IncomingWebhook/abc?sig=SECRETQUERY`;
    const first = await admin('POST', '/api/admin/webhooks', { url: discord, events: ['ToolAdded'] });
    const again = await admin('POST', '/api/admin/webhooks', { url: discord, events: ['ToolRetired'] });
    const other = await admin('POST', '/api/admin/webhooks', { url: teams, events: ['ToolAdded'] });
    for (const res of [first, again, other]) {
      expect(res.status).toBe(201);
      expect(res.body.webhook).toMatchObject({
        host: `127.0.0.1:${r.port}`,
        url_fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
      expect(res.body.webhook.url).toBeUndefined();
    }
    // The same URL has the same fingerprint, another URL on the same host another one.
    expect(again.body.webhook.url_fingerprint).toBe(first.body.webhook.url_fingerprint);
    expect(other.body.webhook.url_fingerprint).not.toBe(first.body.webhook.url_fingerprint);

    const listed = await admin('GET', '/api/admin/webhooks');
    const deleted = await admin('DELETE', `/api/admin/webhooks/${again.body.webhook.id}`);
    for (const text of [first.text, other.text, listed.text, deleted.text]) {
      expect(text).not.toContain('SECRETPATH');
      expect(text).not.toContain('SECRETQUERY');
      expect(text).not.toContain('/api/webhooks');
    }

    const pg = await env.db.admin();
    const { rows } = await pg.query(
      `SELECT event_version, data FROM events WHERE type = 'WebhookCreated' AND stream_id = ANY($1)`,
      [[first, again, other].map((h) => `webhook-${h.body.webhook.id}`)],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.event_version).toBe(2);
      expect(Object.keys(row.data).sort()).toEqual(
        ['events', 'host', 'kind', 'org_id', 'signed', 'url_fingerprint', 'webhook_id'].sort(),
      );
      expect(row.data).toMatchObject({ org_id: orgId, host: `127.0.0.1:${r.port}` });
    }
    const leaks = await pg.query(
      `SELECT 1 FROM events WHERE data::text LIKE '%SECRETPATH%' OR data::text LIKE '%SECRETQUERY%'`,
    );
    expect(leaks.rows).toHaveLength(0);

    // Deliveries still go to the full URL, path and query included.
    await addTool(admin);
    expect(await eventually(() => Promise.resolve(r.received.length), 2)).toBe(2);
    expect(r.received.map((hit) => hit.path).sort()).toEqual(
      [
        '/api/webhooks/123456789/discord-token-SECRETPATH',
        '/webhookb2/teams-SECRETPATH/IncomingWebhook/abc?sig=SECRETQUERY',
      ].sort(),
    );
  });

  it('shows a webhook recorded before issue 13 by its host, without rewriting the event', async () => {
    const { admin, orgId } = await adminSession(api);
    const store = api.app.get(EventStore);
    const id = `legacy-${Date.now()}`;
    // A version-1 event, as the service wrote it before: the URL's path in the log.
    await store.append(
      `webhook-${id}`,
      0,
      [
        {
          type: 'WebhookCreated',
          eventVersion: 1,
          data: {
            webhook_id: id,
            org_id: orgId,
            kind: 'webhook',
            url: 'https://discord.com/api/webhooks/42/LEGACYTOKEN',
            events: ['ToolAdded'],
            signed: true,
          },
        },
      ],
      {
        org_id: orgId,
        actor: { type: 'system', id: 'test', name: 'test' },
        correlation_id: id,
        causation_id: null,
        ip: null,
        user_agent: null,
      },
    );
    const legacy = (await admin('GET', '/api/admin/webhooks')).body.webhooks.find(
      (w: { id: string }) => w.id === id,
    );
    expect(legacy).toMatchObject({ host: 'discord.com', url_fingerprint: null });
    expect(JSON.stringify(legacy)).not.toContain('LEGACYTOKEN');
    // A rebuild reads the old shape the same way (the webhooks read model alone: a full rebuild
    // here would race the running audit projection).
    await rebuildProjections(
      await env.db.connect({ poolSize: 2 }), // TRUNCATE is the owner's (docs/adr/0010)
      store,
      new ProjectionRegistry().register(webhooksProjection),
    );
    const rebuilt = (await admin('GET', '/api/admin/webhooks')).body.webhooks.find(
      (w: { id: string }) => w.id === id,
    );
    expect(rebuilt).toEqual(legacy);
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
