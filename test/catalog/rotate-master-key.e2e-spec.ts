import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { ALL_PROJECTIONS } from '../../apps/api/src/projections';
import type { CliContext } from '../../apps/cli/src/context';
import { rotateMasterKey } from '../../apps/cli/src/commands/rotate-master-key.command';
import { SecretUnreadableError } from '../../libs/catalog/src/secrets/secret-unreadable.error';
import { SecretVault } from '../../libs/catalog/src/secrets/secret-vault';
import { EventStore } from '../../libs/event-store/src/event-store';
import { LogMac } from '../../libs/event-store/src/log-mac';
import { ProjectionRegistry } from '../../libs/event-store/src/projection';
import { WebhookEndpointVault } from '../../libs/notifications/src/webhook-endpoint.vault';
import { SlackAppVault } from '../../libs/notifications/src/slack/slack-app.vault';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, loginAs } from '../support/http';

describe('rotate-master-key', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start({ KEYLEDGER_WEBHOOK_ALLOW_PRIVATE: 'true' }, { background: false });
  });
  afterAll(() => env.close());

  it('re-wraps every secret, webhook endpoint and Slack app under the new key while the service runs; the old key is then unneeded', async () => {
    const oldKey = env.runtime.masterKeys[0];
    const newKey = randomBytes(32);
    const { access_token: token, org_id: orgId } = await loginAs(api.url);
    const tools: string[] = [];
    for (const name of ['GitHub', 'Slack', 'Linear']) {
      const res = await call(api.url, 'POST', '/api/admin/tools', {
        token,
        body: { name, auth_type: 'api_key', credential: `${name}-secret` },
      });
      tools.push(res.body.tool.id);
    }
    await call(api.url, 'PUT', `/api/admin/tools/${tools[0]}/secret`, {
      token,
      body: { credential: 'GitHub-v2' },
    });
    const hookUrl = 'http://127.0.0.1:9/hooks/keyledger?token=slack-like-bearer';
    const hook = await call(api.url, 'POST', '/api/admin/webhooks', {
      token,
      body: { url: hookUrl, events: ['AccessRequested'] },
    });
    expect(hook.status).toBe(201);
    const hookId: string = hook.body.webhook.id;
    const slack = {
      bot_token: 'xoxb-rotate-0000',
      signing_secret: 'abcdef0123456789abcd',
      channel: 'C0ROTATE',
    };
    expect((await call(api.url, 'PUT', '/api/admin/integrations/slack', { token, body: slack })).status).toBe(
      200,
    );

    const db = await env.db.connect({ poolSize: 2 });
    const registry = new ProjectionRegistry().register(...ALL_PROJECTIONS);
    const out = new PassThrough();
    const err = new PassThrough();
    const mac = new LogMac([newKey, oldKey]);
    const context: CliContext = {
      config: api.config,
      runtime: { ...env.runtime, masterKeys: [newKey, oldKey] },
      db,
      mac,
      store: new EventStore(db, mac, registry),
      registry,
      out,
      err,
      close: () => Promise.resolve(),
    };
    // The service keeps answering while the command runs.
    const [code] = await Promise.all([
      rotateMasterKey(context, {}),
      call(api.url, 'GET', '/api/admin/tools', { token }).then((r) => expect(r.status).toBe(200)),
    ]);
    expect(code).toBe(0);
    const said = String(out.read());
    expect(said).toMatch(/re-wrapped 4 secret versions under master key version 2/);
    expect(said).toMatch(/re-wrapped 1 webhook endpoints/);
    expect(said).toMatch(/re-wrapped 1 Slack app settings/);

    const onlyNew = new SecretVault({ masterKeys: [newKey] });
    const onlyOld = new SecretVault({ masterKeys: [oldKey] });
    const expected = ['GitHub-v2', 'Slack-secret', 'Linear-secret'];
    for (const [i, toolId] of tools.entries()) {
      const key = { orgId, toolId, scope: null };
      expect((await onlyNew.readCurrent(db, key))?.credential).toBe(expected[i]);
      await expect(onlyOld.readCurrent(db, key)).rejects.toBeInstanceOf(SecretUnreadableError);
    }
    const endpoint = await new WebhookEndpointVault({ masterKeys: [newKey] }).read(db, orgId, hookId);
    expect(endpoint).toEqual({ url: hookUrl, secret: hook.body.signing_secret });
    await expect(
      new WebhookEndpointVault({ masterKeys: [oldKey] }).read(db, orgId, hookId),
    ).rejects.toThrow();
    expect(await new SlackAppVault({ masterKeys: [newKey] }).read(db, orgId)).toEqual({
      bot_token: slack.bot_token,
      signing_secret: slack.signing_secret,
      app_token: null,
    });
    await expect(new SlackAppVault({ masterKeys: [oldKey] }).read(db, orgId)).rejects.toThrow();
    const [event] = await db.query<{ data: unknown; metadata: { actor: { type: string } }; org_id: null }>(
      `SELECT data, metadata, org_id FROM events WHERE stream_id = 'keyring'`,
    );
    expect(event).toMatchObject({
      data: {
        kek_version: 2,
        rewrapped: 4,
        webhook_endpoints_rewrapped: 1,
        slack_apps_rewrapped: 1,
        unreadable: 0,
      },
      metadata: { actor: { type: 'system' }, channel: 'cli' },
      org_id: null,
    });
  });
});
