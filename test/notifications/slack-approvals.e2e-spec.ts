import { AccessExpiry } from '../../libs/access/src/expire-access/access-expiry';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { eventually } from '../support/eventually';
import { call, loginAs } from '../support/http';
import { addMember, ROOMY_RATES, type SignedIn } from '../support/members';
import { addTool, agentClient, registerAgent } from '../support/story';
import { FakeSlack, postSigned } from './slack-server';

const TEAM = 'T0KEYLEDGER';
/** Waits for what the fake Slack has seen. */
const soon = <T>(probe: () => T, expected: T, ms = 10_000) =>
  eventually(() => Promise.resolve(probe()), expected, ms);
const CHANNEL = 'C0APPROVALS';
const BOT_TOKEN = 'xoxb-1111-2222-bottokenvalue';
const SIGNING_SECRET = 'f00dfeedcafe0123456789abcdef0000';
const APP_TOKEN = 'xapp-1-A1-3333-apptokenvalue';

/**
 * Approvals in Slack (issue 20) against a local server that plays Slack: the Web API over real
 * HTTP, Socket Mode over a real WebSocket, and interactivity payloads signed with the test
 * signing secret as Slack signs them.
 */
describe('approvals in Slack', () => {
  let env: TestEnv;
  let api: RunningApp;
  let slack: FakeSlack;
  let owner: { token: string; memberId: string; orgId: string };

  const admin = (method: string, path: string, body?: unknown) =>
    call(api.url, method, path, { token: owner.token, body });
  const interactionsUrl = () => `${api.url}/api/integrations/slack/${owner.orgId}/interactions`;
  const commandsUrl = () => `${api.url}/api/integrations/slack/${owner.orgId}/commands`;

  let clicks = 0;
  const click = (
    userId: string,
    requestId: string,
    action = 'keyledger_approve',
    d: number | null = null,
  ) => ({
    type: 'block_actions',
    user: { id: userId, team_id: TEAM },
    team: { id: TEAM },
    channel: { id: CHANNEL },
    trigger_id: `trigger-${userId}`,
    // Slack's payloads differ click by click (action_ts): two clicks are never the same bytes.
    actions: [
      {
        type: 'button',
        action_id: action,
        value: JSON.stringify({ r: requestId, d }),
        action_ts: `${++clicks}`,
      },
    ],
  });
  const post = (payload: object, secret = SIGNING_SECRET, options = {}) =>
    postSigned(interactionsUrl(), { payload: JSON.stringify(payload) }, secret, options);

  async function link(member: { token: string }, slackUserId: string) {
    const issued = await call(api.url, 'POST', '/api/admin/me/slack-link', { token: member.token });
    expect(issued.status).toBe(201);
    const res = await postSigned(
      commandsUrl(),
      {
        command: '/keyledger',
        text: `link ${issued.body.code}`,
        user_id: slackUserId,
        team_id: TEAM,
        channel_id: CHANNEL,
      },
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ response_type: 'ephemeral' });
    expect(res.body.text).toMatch(/^Linked/);
    return issued.body.code as string;
  }

  async function streamTypes(streamId: string) {
    const { rows } = await (
      await env.db.admin()
    ).query('SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version', [
      streamId,
    ]);
    return rows as Array<{ type: string; data: any; metadata: any }>;
  }

  const ephemeralsTo = (user: string) =>
    slack.callsOf('chat.postEphemeral').filter((c) => c.args.user === user);
  const messageFor = (requestId: string, method = 'chat.postMessage') =>
    slack.callsOf(method).filter((c) => JSON.stringify(c.args.blocks ?? []).includes(requestId));

  async function pendingRequest(toolId: string, agentKey: string, durationSeconds = 3600) {
    const ask = await agentClient(api, agentKey)('POST', `/api/tools/${toolId}/request`, {
      reason: 'rotate the deploy keys <!channel>',
      duration_seconds: durationSeconds,
    });
    expect(ask.status).toBe(201);
    const requestId = ask.body.request_id as string;
    expect(await soon(() => messageFor(requestId).length, 1, 15_000)).toBe(1);
    return requestId;
  }

  let approver: SignedIn;
  let second: SignedIn;
  let viewer: SignedIn;
  let scoped: SignedIn;
  let tool: { id: string; name: string };
  let agent: { id: string; key: string };

  beforeAll(async () => {
    env = await createTestEnv();
    slack = await new FakeSlack().start();
    slack.appTokens.add(APP_TOKEN);
    api = await env.start({ ...ROOMY_RATES, KEYLEDGER_SLACK_API_URL: slack.apiUrl });
    const session = await loginAs(api.url);
    owner = { token: session.access_token, memberId: session.member_id, orgId: session.org_id };
    tool = await addTool(admin);
    const other = await addTool(admin);
    agent = await registerAgent(admin, 'Deploy-Bot'); // registered by the owner: separation of duties
    approver = await addMember(api, owner.token, 'approver', { display_name: 'Ada Approver' });
    second = await addMember(api, owner.token, 'approver', { display_name: 'Bo Second' });
    viewer = await addMember(api, owner.token, 'viewer');
    scoped = await addMember(api, owner.token, 'approver', { tool_scope: [other.id] });
  });
  afterAll(async () => {
    await env.close();
    await slack.close();
  });

  it('stores the app write-only: settings say what is set, never a token, and the log names only what changed', async () => {
    const first = await admin('PUT', '/api/admin/integrations/slack', { channel: CHANNEL });
    expect(first.status).toBe(400);
    expect(first.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'bot_token',
      'signing_secret',
    ]);
    const bad = await admin('PUT', '/api/admin/integrations/slack', {
      bot_token: 'not-a-token',
      signing_secret: SIGNING_SECRET,
      channel: CHANNEL,
    });
    expect(bad.status).toBe(400);
    const put = await admin('PUT', '/api/admin/integrations/slack', {
      bot_token: BOT_TOKEN,
      signing_secret: SIGNING_SECRET,
      channel: CHANNEL,
    });
    expect(put.status).toBe(200);
    expect(put.body.slack).toMatchObject({
      configured: true,
      channel: CHANNEL,
      socket_mode: false,
      bot_token_set: true,
      signing_secret_set: true,
      app_token_set: false,
    });
    const read = await admin('GET', '/api/admin/integrations/slack');
    const viewerRead = await call(api.url, 'GET', '/api/admin/integrations/slack', { token: viewer.token });
    expect(viewerRead.status).toBe(403);
    const events = await streamTypes(`slack-${owner.orgId}`);
    expect(events.map((e) => e.type)).toEqual(['SlackAppConfigured']);
    expect(events[0].data.secrets_changed).toEqual(['bot_token', 'signing_secret']);
    const { rows } = await (await env.db.admin()).query('SELECT ciphertext::text FROM slack_app_secrets');
    for (const text of [put.text, read.text, JSON.stringify(events), rows[0].ciphertext]) {
      expect(text).not.toContain(BOT_TOKEN);
      expect(text).not.toContain(SIGNING_SECRET);
    }
  });

  it('links a member through a one-time code sent from Slack, never by email', async () => {
    const code = await link(approver, 'U_ADA');
    const linked = await streamTypes(`member-${approver.memberId}`);
    const event = linked.find((e) => e.type === 'SlackUserLinked')!;
    expect(event.data).toMatchObject({
      slack_user_id: 'U_ADA',
      slack_team_id: TEAM,
      member_id: approver.memberId,
    });
    expect(event.metadata).toMatchObject({ channel: 'slack', slack_user_id: 'U_ADA' });
    // The code works once.
    const again = await postSigned(
      commandsUrl(),
      { command: '/keyledger', text: `link ${code}`, user_id: 'U_MALLORY', team_id: TEAM },
      SIGNING_SECRET,
    );
    expect(again.body.text).toMatch(/not valid/);
    const me = await call(api.url, 'GET', '/api/admin/me/slack-link', { token: approver.token });
    expect(me.body.slack_link).toMatchObject({ linked: true, slack_user_id: 'U_ADA' });
    await link(second, 'U_BO');
    await link(viewer, 'U_VIC');
    await link(scoped, 'U_SCOPED');
    await link({ token: owner.token }, 'U_OWNER');
  });

  it('posts the request, and a linked approver approves from the message: recorded as Slack, the agent fetches', async () => {
    const requestId = await pendingRequest(tool.id, agent.key);
    const [posted] = messageFor(requestId);
    expect(posted.token).toBe(BOT_TOKEN);
    expect(posted.args.channel).toBe(CHANNEL);
    const text = JSON.stringify(posted.args.blocks);
    expect(text).toContain('Deploy-Bot');
    expect(text).toContain('1 hour');
    expect(text).toContain('&lt;!channel&gt;'); // agent text cannot mention the channel
    expect(text).not.toContain(BOT_TOKEN);

    const res = await post(click('U_ADA', requestId));
    expect(res.status).toBe(200);
    const stream = await streamTypes(`access-${requestId}`);
    const approved = stream.find((e) => e.type === 'AccessApproved')!;
    expect(approved.data.approved_by).toBe(approver.memberId);
    expect(approved.metadata).toMatchObject({
      channel: 'slack',
      slack_user_id: 'U_ADA',
      slack_team_id: TEAM,
      actor: { type: 'member', id: approver.memberId },
    });
    expect((await agentClient(api, agent.key)('GET', `/api/tools/${tool.id}/credentials`)).status).toBe(200);
    expect(ephemeralsTo('U_ADA').at(-1)!.args.text).toMatch(/You approved/);
    const updated = await soon(() => messageFor(requestId, 'chat.update').length > 0, true, 10_000);
    expect(updated).toBe(true);
    const update = messageFor(requestId, 'chat.update').at(-1)!;
    expect(update.args.ts).toBe(posted.args.ts ?? update.args.ts);
    expect(JSON.stringify(update.args.blocks)).toContain('Approved');
    expect(JSON.stringify(update.args.blocks)).toContain('<@U_ADA>');
    expect(JSON.stringify(update.args.blocks)).not.toContain('keyledger_approve');

    // A stale click on the decided request: a clear answer, nothing recorded.
    await post(click('U_BO', requestId));
    expect(ephemeralsTo('U_BO').at(-1)!.args.text).toMatch(/already decided.*nothing was changed/);
    expect((await streamTypes(`access-${requestId}`)).length).toBe(stream.length + 1); // + CredentialVended
  });

  it('refuses an unlinked user, a viewer, an approver outside their tool scope and the agent’s registrar; nothing changes', async () => {
    const other = await registerAgent(admin, 'Other-Bot');
    const requestId = await pendingRequest(tool.id, other.key);
    const before = (await streamTypes(`access-${requestId}`)).length;
    // The owner registered Other-Bot: separation of duties, though an owner may approve otherwise.
    const cases: Array<[string, RegExp]> = [
      ['U_STRANGER', /not linked.*\/keyledger link/s],
      ['U_VIC', /may not approve/],
      ['U_SCOPED', /may not approve/],
      ['U_OWNER', /registered this agent|separation|registered/i],
    ];
    for (const [user, answer] of cases) {
      const res = await post(click(user, requestId));
      expect(res.status).toBe(200);
      expect(ephemeralsTo(user).at(-1)!.args.text).toMatch(answer);
      expect(ephemeralsTo(user).at(-1)!.args.text).toMatch(/nothing was changed/);
    }
    const deny = await post(click('U_VIC', requestId, 'keyledger_deny'));
    expect(deny.status).toBe(200);
    expect(slack.callsOf('views.open').filter((c) => c.args.trigger_id === 'trigger-U_VIC')).toHaveLength(0);
    expect((await streamTypes(`access-${requestId}`)).length).toBe(before);
    const view = await admin('GET', '/api/admin/requests?status=pending');
    expect(view.body.requests.map((r: { id: string }) => r.id)).toContain(requestId);
  });

  it('refuses forged, stale and replayed payloads before reading them', async () => {
    const other = await registerAgent(admin, 'Forge-Target');
    const requestId = await pendingRequest(tool.id, other.key);
    const forged = await post(click('U_ADA', requestId), 'not-the-signing-secret-0000');
    expect(forged.status).toBe(401);
    expect(forged.body.type).toMatch(/invalid-slack-signature/);
    const stale = await post(click('U_ADA', requestId), SIGNING_SECRET, {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(interactionsUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ payload: JSON.stringify(click('U_ADA', requestId)) }).toString(),
    });
    expect(unsigned.status).toBe(401);
    expect((await streamTypes(`access-${requestId}`)).map((e) => e.type)).toEqual(['AccessRequested']);

    // A genuine click, then the same bytes again: the replay is refused and changes nothing.
    const deny = await post(click('U_ADA', requestId, 'keyledger_deny'));
    expect(deny.status).toBe(200);
    const replay = await deny.replay();
    expect(replay.status).toBe(401);
    expect(slack.callsOf('views.open').filter((c) => c.args.trigger_id === 'trigger-U_ADA')).toHaveLength(1);
  });

  it('denies through the reason modal', async () => {
    const other = await registerAgent(admin, 'Modal-Bot');
    const requestId = await pendingRequest(tool.id, other.key);
    await post(click('U_BO', requestId, 'keyledger_deny'));
    const opened = slack
      .callsOf('views.open')
      .filter((c) => c.args.trigger_id === 'trigger-U_BO')
      .at(-1)!;
    expect(opened.args.view.callback_id).toBe('keyledger_deny_reason');
    const submit = (reason: string) =>
      post({
        type: 'view_submission',
        user: { id: 'U_BO', team_id: TEAM },
        team: { id: TEAM },
        view: {
          callback_id: 'keyledger_deny_reason',
          private_metadata: opened.args.view.private_metadata,
          state: { values: { reason: { reason: { type: 'plain_text_input', value: reason } } } },
        },
      });
    const short = await submit('no');
    expect(short.body).toMatchObject({ response_action: 'errors' });
    const ok = await submit('Use the read-only key instead');
    expect(ok.body).toEqual({ response_action: 'clear' });
    const denied = (await streamTypes(`access-${requestId}`)).find((e) => e.type === 'AccessDenied')!;
    expect(denied.data).toMatchObject({
      denied_by: second.memberId,
      reason: 'Use the read-only key instead',
    });
    expect(denied.metadata).toMatchObject({ channel: 'slack', slack_user_id: 'U_BO' });
  });

  it('updates the message in place when the request is decided in the console', async () => {
    const other = await registerAgent(admin, 'Console-Bot');
    const requestId = await pendingRequest(tool.id, other.key);
    const ts = messageFor(requestId)[0];
    const res = await call(api.url, 'POST', `/api/admin/requests/${requestId}/deny`, {
      token: approver.token,
      body: { reason: 'decided in the console' },
    });
    expect(res.status).toBe(200);
    expect(await soon(() => messageFor(requestId, 'chat.update').length > 0, true, 10_000)).toBe(true);
    const update = messageFor(requestId, 'chat.update').at(-1)!;
    expect(update.args.channel).toBe(CHANNEL);
    expect(update.args.ts).toBeDefined();
    expect(JSON.stringify(update.args.blocks)).toMatch(/Denied.*U_ADA/);
    expect(JSON.stringify(update.args.blocks)).toContain('decided in the console');
    void ts;
  });

  it('needs two linked members when the policy asks for two approvals', async () => {
    const twoKey = await addTool(admin);
    expect(
      (await admin('PUT', `/api/admin/tools/${twoKey.id}/policy`, { required_approvals: 2 })).status,
    ).toBe(200);
    const requestId = await pendingRequest(twoKey.id, agent.key);
    await post(click('U_ADA', requestId));
    expect(ephemeralsTo('U_ADA').at(-1)!.args.text).toMatch(/needs another approver/);
    expect((await agentClient(api, agent.key)('GET', `/api/tools/${twoKey.id}/credentials`)).status).toBe(
      403,
    );
    await post(click('U_ADA', requestId));
    expect(ephemeralsTo('U_ADA').at(-1)!.args.text).toMatch(/already approved.*nothing was changed/);
    const partly = await soon(
      () =>
        messageFor(requestId, 'chat.update').some((c) => JSON.stringify(c.args.blocks).includes('1 of 2')),
      true,
      10_000,
    );
    expect(partly).toBe(true);
    await post(click('U_BO', requestId));
    const types = (await streamTypes(`access-${requestId}`)).map((e) => e.type);
    expect(types).toEqual([
      'AccessRequested',
      'AccessApprovalRecorded',
      'CredentialDenied',
      'AccessApproved',
    ]);
    expect((await agentClient(api, agent.key)('GET', `/api/tools/${twoKey.id}/credentials`)).status).toBe(
      200,
    );
  });

  it('shows "Open in console" instead of Approve above the org’s Slack grant limit, and refuses such a click', async () => {
    const limited = await admin('PUT', '/api/admin/integrations/slack', {
      channel: CHANNEL,
      max_grant_seconds: 3600,
    });
    expect(limited.status).toBe(200);
    expect(limited.body.slack.max_grant_seconds).toBe(3600);
    const other = await registerAgent(admin, 'Long-Bot');
    const requestId = await pendingRequest(tool.id, other.key, 7 * 86_400);
    const blocks = JSON.stringify(messageFor(requestId)[0].args.blocks);
    expect(blocks).not.toContain('keyledger_approve');
    expect(blocks).toContain('Open in console');
    await post(click('U_ADA', requestId));
    expect(ephemeralsTo('U_ADA').at(-1)!.args.text).toMatch(/console only/);
    // A shorter grant within the limit is the approver's call, as in the console.
    await post(click('U_ADA', requestId, 'keyledger_approve_3600', 3600));
    const approved = (await streamTypes(`access-${requestId}`)).find((e) => e.type === 'AccessApproved')!;
    expect(approved.data.duration_seconds).toBe(3600);
    expect(
      (await admin('PUT', '/api/admin/integrations/slack', { channel: CHANNEL, max_grant_seconds: null }))
        .status,
    ).toBe(200);
  });

  it('answers over Socket Mode: links and approves through acknowledged envelopes', async () => {
    const on = await admin('PUT', '/api/admin/integrations/slack', {
      channel: CHANNEL,
      app_token: APP_TOKEN,
    });
    expect(on.body.slack).toMatchObject({ socket_mode: true, app_token_set: true });
    expect(await soon(() => slack.connected(), 1, 15_000)).toBe(1);
    expect(slack.callsOf('apps.connections.open').at(-1)!.token).toBe(APP_TOKEN);

    const member = await addMember(api, owner.token, 'admin', { display_name: 'Sol Socket' });
    const issued = await call(api.url, 'POST', '/api/admin/me/slack-link', { token: member.token });
    const linked = await slack.envelope('slash_commands', {
      command: '/keyledger',
      text: `link ${issued.body.code}`,
      user_id: 'U_SOL',
      team_id: TEAM,
      channel_id: CHANNEL,
    });
    expect(linked.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(linked.payload!.text).toMatch(/^Linked.*Sol Socket/);

    const other = await registerAgent(admin, 'Socket-Bot');
    const requestId = await pendingRequest(tool.id, other.key);
    const ack = await slack.envelope('interactive', click('U_SOL', requestId));
    expect(ack.envelope_id).toBeDefined();
    const approved = (await streamTypes(`access-${requestId}`)).find((e) => e.type === 'AccessApproved')!;
    expect(approved.metadata).toMatchObject({ channel: 'slack', slack_user_id: 'U_SOL' });

    const off = await admin('PUT', '/api/admin/integrations/slack', { channel: CHANNEL, app_token: null });
    expect(off.body.slack.socket_mode).toBe(false);
    expect(await soon(() => slack.connected(), 0, 15_000)).toBe(0);
  });

  it('unlinks: the Slack user decides nothing afterwards', async () => {
    const gone = await call(api.url, 'DELETE', '/api/admin/me/slack-link', { token: second.token });
    expect(gone.status).toBe(204);
    const byAdmin = await admin('DELETE', `/api/admin/members/${scoped.memberId}/slack-link`);
    expect(byAdmin.status).toBe(204);
    const other = await registerAgent(admin, 'After-Unlink');
    const requestId = await pendingRequest(tool.id, other.key);
    await post(click('U_BO', requestId));
    expect(ephemeralsTo('U_BO').at(-1)!.args.text).toMatch(/not linked/);
    expect((await streamTypes(`access-${requestId}`)).map((e) => e.type)).toEqual(['AccessRequested']);
    const unlinked = (await streamTypes(`member-${scoped.memberId}`)).find(
      (e) => e.type === 'SlackUserUnlinked',
    )!;
    expect(unlinked.data).toMatchObject({ reason: 'admin', slack_user_id: 'U_SCOPED' });
  });

  it('redraws the message when the request expires undecided; a later click changes nothing', async () => {
    const other = await registerAgent(admin, 'Slow-Bot');
    const requestId = await pendingRequest(tool.id, other.key);
    // The expiry job, run as if the pending TTL (7 days) had passed.
    await api.app.get(AccessExpiry).sweep(new Date(Date.now() + 8 * 86_400_000));
    expect((await streamTypes(`access-${requestId}`)).map((e) => e.type)).toEqual([
      'AccessRequested',
      'AccessRequestExpired',
    ]);
    const redrawn = await soon(
      () =>
        messageFor(requestId, 'chat.update').some((c) => JSON.stringify(c.args.blocks).includes('Expired')),
      true,
      10_000,
    );
    expect(redrawn).toBe(true);
    await post(click('U_ADA', requestId));
    expect(ephemeralsTo('U_ADA').at(-1)!.args.text).toMatch(/already decided.*expired.*nothing was changed/);
    expect((await streamTypes(`access-${requestId}`)).length).toBe(2);
  });
});
