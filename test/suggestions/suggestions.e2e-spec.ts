import { suggestionsProjections } from '../../libs/catalog/src/suggestions/suggestions.projections';
import { Database } from '../../libs/database/src/database';
import { EventStore } from '../../libs/event-store/src/event-store';
import { ProjectionRegistry } from '../../libs/event-store/src/projection';
import { rebuildProjections } from '../../libs/event-store/src/rebuild';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { snapshotReadModels } from '../support/snapshot';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';

jest.setTimeout(90_000);

/** Generous budgets: this file registers dozens of agents and suggests many times. */
const RATES = { KEYLEDGER_RATE_ADMIN: '1000/1m', KEYLEDGER_RATE_REQUEST: '1000/1h' };

describe('agents suggest the tools they lack', () => {
  let env: TestEnv;
  let api: RunningApp;
  let admin: Awaited<ReturnType<typeof adminSession>>['admin'];
  const agent = async (name: string) => {
    const registered = await registerAgent(admin, name);
    return { id: registered.id, call: agentClient(api, registered.key) };
  };
  const openSuggestions = async () =>
    (await admin('GET', '/api/admin/suggestions')).body.suggestions as any[];

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start(RATES, { background: false });
    ({ admin } = await adminSession(api));
  });
  afterAll(() => env.close());

  it('pools the three ways to name Linear into one suggestion, sorted by demand', async () => {
    const [a, b, c] = await Promise.all(['Onboarding-Agent', 'Triage-Agent', 'Release-Agent'].map(agent));
    const notion = await (
      await agent('Notes-Agent')
    ).call('POST', '/api/tools/suggest', {
      name: 'Coda',
      reason: 'shared docs for runbooks',
    });
    expect(notion.status).toBe(201);
    const first = await a.call('POST', '/api/tools/suggest', {
      name: 'Linear',
      reason: 'file bugs from triage',
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ suggestion_id: expect.any(String), status: 'open', existing: false });
    const second = await b.call('POST', '/api/tools/suggest', {
      name: 'linear.app',
      reason: 'plan the sprint',
    });
    const third = await c.call('POST', '/api/tools/suggest', {
      name: 'Linear',
      url: 'https://www.linear.app/',
      reason: 'link releases to issues',
    });
    expect([second.status, third.status]).toEqual([201, 201]);
    expect(second.body).toEqual({ suggestion_id: first.body.suggestion_id, status: 'open', existing: true });
    expect(third.body.suggestion_id).toBe(first.body.suggestion_id);
    // A backer restating its case keeps only its latest reason.
    await a.call('POST', '/api/tools/suggest', { name: 'LINEAR', reason: 'file and close bugs from triage' });

    const list = await openSuggestions();
    expect(list.map((s) => s.name)).toEqual(['Linear', 'Coda']);
    expect(list[0]).toMatchObject({
      id: first.body.suggestion_id,
      normalized_key: 'linear.app',
      status: 'open',
      backer_count: 3,
    });
    expect(list[0].backers.map((x: any) => [x.agent_name, x.reason])).toEqual(
      expect.arrayContaining([
        ['Onboarding-Agent', 'file and close bugs from triage'],
        ['Triage-Agent', 'plan the sprint'],
        ['Release-Agent', 'link releases to issues'],
      ]),
    );
    expect(list[0].backers).toHaveLength(3);
  });

  it('answers 409 with tool_id for a tool already in the catalog, by name or by domain', async () => {
    const tool = await addTool(admin, { name: 'Stripe', url: 'https://api.stripe.com' });
    const scout = await agent('Billing-Agent');
    const byName = await scout.call('POST', '/api/tools/suggest', {
      name: ' stripe ',
      reason: 'refund orders',
    });
    expect(byName.status).toBe(409);
    expect(byName.headers.get('content-type')).toMatch(/problem\+json/);
    expect(byName.body).toMatchObject({
      tool_id: tool.id,
      type: 'https://keyledger.dev/problems/tool-exists',
    });
    const byDomain = await scout.call('POST', '/api/tools/suggest', {
      name: 'Payments',
      url: 'https://api.stripe.com/v1/charges',
      reason: 'refund orders',
    });
    expect(byDomain.status).toBe(409);
    expect(byDomain.body.tool_id).toBe(tool.id);
  });

  it('accepts: creates the tool and opens pending requests for backers, except one refused before', async () => {
    const [refused, fresh] = await Promise.all([agent('Denied-Agent'), agent('Fresh-Agent')]);
    // An earlier Notion entry: the first agent asked and was denied; then the tool was retired.
    const old = await addTool(admin, { name: 'Notion', url: 'https://www.notion.so' });
    const asked = await refused.call('POST', `/api/tools/${old.id}/request`, {
      reason: 'read the wiki pages',
    });
    expect(
      (
        await admin('POST', `/api/admin/requests/${asked.body.request_id}/deny`, {
          reason: 'not for the wiki bot',
        })
      ).status,
    ).toBe(200);
    expect((await admin('DELETE', `/api/admin/tools/${old.id}`, { reason: 'moving' })).status).toBe(200);

    const s1 = await refused.call('POST', '/api/tools/suggest', {
      name: 'Notion',
      reason: 'read the wiki pages',
    });
    const s2 = await fresh.call('POST', '/api/tools/suggest', {
      name: 'notion.so',
      reason: 'write the runbooks',
    });
    expect(s2.body.suggestion_id).toBe(s1.body.suggestion_id);

    const accepted = await admin('POST', `/api/admin/suggestions/${s1.body.suggestion_id}/accept`, {
      name: 'Notion',
      url: 'https://notion.so',
      auth_type: 'bearer_token',
      credential: 'secret_notion_token_value',
    });
    expect(accepted.status).toBe(200);
    const tool = accepted.body.tool;
    expect(tool).toMatchObject({ name: 'Notion', status: 'active', has_secret: true });
    expect(accepted.body.suggestion).toMatchObject({ status: 'accepted', tool_id: tool.id });

    const queue = await admin('GET', `/api/admin/requests?status=pending`);
    const forTool = queue.body.requests.filter((r: any) => r.tool_id === tool.id);
    expect(forTool.map((r: any) => [r.agent_id, r.reason])).toEqual([[fresh.id, 'write the runbooks']]);
    const seen = async (who: typeof fresh) =>
      (await who.call('GET', '/api/tools')).body.tools.find((t: any) => t.id === tool.id).your_access;
    expect(await seen(fresh)).toBe('pending');
    expect(await seen(refused)).toBe('none');

    const pg = await env.db.admin();
    const { rows } = await pg.query(
      `SELECT type, data, metadata FROM events WHERE stream_id = $1 AND type = 'SuggestionAccepted'`,
      [`suggestion-${s1.body.suggestion_id}`],
    );
    expect(rows[0].data).toMatchObject({
      tool_id: tool.id,
      backers: [fresh.id],
      skipped_backers: [{ agent_id: refused.id, status: 'denied' }],
    });
    expect(rows[0].metadata.actor.type).toBe('member');
    // Accepting twice is a conflict, and creates no second tool.
    const again = await admin('POST', `/api/admin/suggestions/${s1.body.suggestion_id}/accept`, {
      name: 'Notion 2',
      auth_type: 'bearer_token',
    });
    expect(again.status).toBe(409);
    expect(
      (await admin('GET', '/api/admin/tools?limit=200')).body.tools.map((t: any) => t.name),
    ).not.toContain('Notion 2');
  });

  it('accepts a matching open suggestion when an admin adds the tool by hand', async () => {
    const backer = await agent('Deploy-Agent');
    const s = await backer.call('POST', '/api/tools/suggest', {
      name: 'Vercel',
      url: 'vercel.com',
      reason: 'promote preview deployments',
    });
    const tool = await addTool(admin, {
      name: 'Vercel Deployments',
      url: 'https://vercel.com/docs/rest-api',
    });
    const accepted = (await admin('GET', '/api/admin/suggestions?status=accepted')).body.suggestions;
    expect(accepted.find((x: any) => x.id === s.body.suggestion_id)).toMatchObject({ tool_id: tool.id });
    const mine = (await backer.call('GET', '/api/tools')).body.tools.find((t: any) => t.id === tool.id);
    expect(mine.your_access).toBe('pending');
  });

  it('dismissing starts a 24-hour cooldown: a new suggestion answers 409 with retry_after', async () => {
    const [a, b] = await Promise.all([agent('Jira-Fan'), agent('Jira-Fan-2')]);
    const s = await a.call('POST', '/api/tools/suggest', { name: 'Jira', reason: 'the other team uses it' });
    const dismissed = await admin('POST', `/api/admin/suggestions/${s.body.suggestion_id}/dismiss`, {
      reason: 'we standardised on Linear',
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.suggestion).toMatchObject({
      status: 'dismissed',
      decision_reason: 'we standardised on Linear',
    });
    for (const body of [{ name: 'JIRA' }, { name: 'jira.com' }]) {
      const refused = await b.call('POST', '/api/tools/suggest', { ...body, reason: 'please reconsider' });
      expect(refused.status).toBe(409);
      expect(refused.body.type).toBe('https://keyledger.dev/problems/suggestion-cooldown');
      expect(refused.body.retry_after).toBeGreaterThan(86_000);
      expect(refused.body.retry_after).toBeLessThanOrEqual(86_400);
    }
    expect((await openSuggestions()).some((x) => x.name === 'Jira')).toBe(false);
    expect(
      (await admin('POST', `/api/admin/suggestions/${s.body.suggestion_id}/dismiss`, { reason: 'x' })).status,
    ).toBe(409);
  });

  it('makes exactly one suggestion with 20 backers when 20 agents suggest the same tool at once', async () => {
    const agents = await Promise.all(Array.from({ length: 20 }, (_, i) => agent(`Racer-${i}`)));
    const names = ['Sentry', 'sentry.io', 'https://www.sentry.io/', 'SENTRY'];
    const replies = await Promise.all(
      agents.map((a, i) =>
        a.call('POST', '/api/tools/suggest', {
          name: names[i % names.length].startsWith('https') ? 'Sentry' : names[i % names.length],
          url: names[i % names.length].startsWith('https') ? names[i % names.length] : undefined,
          reason: `racer ${i} needs error reports`,
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = new Set(replies.map((r) => r.body.suggestion_id));
    expect(ids.size).toBe(1);
    expect(replies.filter((r) => r.body.existing === false)).toHaveLength(1);
    const sentry = (await openSuggestions()).find((x) => x.id === [...ids][0]);
    expect(sentry.backer_count).toBe(20);
    expect(sentry.backers).toHaveLength(20);
    const pg = await env.db.admin();
    const { rows } = await pg.query(
      `SELECT count(*)::int AS n FROM tool_suggestions WHERE normalized_key IN ('sentry', 'sentry.io')`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('rebuilds the suggestion read models from the log to exactly the rows written inline', async () => {
    const db = api.app.get(Database);
    const mine = new ProjectionRegistry().register(...suggestionsProjections);
    const before = await snapshotReadModels(db, mine);
    expect(before.tool_suggestions.length).toBeGreaterThan(5);
    expect(before.suggestion_cooldowns.length).toBeGreaterThan(0);
    await db.query(`UPDATE tool_suggestions SET backer_count = 0`);
    // Rebuilding empties the read models (TRUNCATE): an operator's command, run as the owner.
    const owner = await env.db.connect({ poolSize: 2 });
    await rebuildProjections(owner, api.app.get(EventStore), api.app.get(ProjectionRegistry));
    expect(await snapshotReadModels(db, mine)).toEqual(before);
  });
});
