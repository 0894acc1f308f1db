import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, loginAs, OWNER } from '../support/http';
import { addMember, ROOMY_RATES, type SignedIn } from '../support/members';
import { addTool } from '../support/story';

// jest.config.js sets testTimeout per project, where Jest ignores it; start-up can take
// longer than Jest's default 5 s on a busy machine.
jest.setTimeout(60_000);

/** Issue 5: members, roles and the last-owner rule, over HTTP against real PostgreSQL. */
describe('members', () => {
  let env: TestEnv;
  let api: RunningApp;
  let owner: string;
  let ownerId: string;
  const as = (token: string) => (method: string, path: string, body?: unknown) =>
    call(api.url, method, path, { token, body });

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start(ROOMY_RATES);
    const login = await loginAs(api.url);
    owner = login.access_token;
    ownerId = login.member_id;
  });
  afterAll(() => env.close());

  it('adds, lists, changes and removes members, each as an event without the password', async () => {
    const added = await as(owner)('POST', '/api/admin/members', {
      email: 'Grace@Example.com',
      role: 'approver',
      password: 'grace-password-123',
      display_name: 'Grace',
    });
    expect(added.status).toBe(201);
    expect(added.body.member).toMatchObject({
      email: 'grace@example.com',
      display_name: 'Grace',
      role: 'approver',
      tool_scope: null,
      status: 'active',
    });
    const id = added.body.member.id as string;
    const grace = await loginAs(api.url, 'grace@example.com', 'grace-password-123');
    expect(grace.role).toBe('approver');

    const changed = await as(owner)('PATCH', `/api/admin/members/${id}`, {
      role: 'auditor',
      display_name: 'G. H.',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.member).toMatchObject({ role: 'auditor', display_name: 'G. H.' });
    // The role is read on every request: the demotion applies to the token already issued.
    expect(
      (await as(grace.access_token)('POST', '/api/admin/agents/x/suspend', { reason: 'test' })).status,
    ).toBe(403);

    const removed = await as(owner)('DELETE', `/api/admin/members/${id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.member.status).toBe('removed');
    expect((await as(owner)('DELETE', `/api/admin/members/${id}`)).status).toBe(200);
    // A removed member's token stops working at once, and they cannot sign in again.
    expect((await as(grace.access_token)('GET', '/api/admin/members')).status).toBe(401);
    const again = await call(api.url, 'POST', '/api/auth/login', {
      body: { email: 'grace@example.com', password: 'grace-password-123' },
    });
    expect(again.status).toBe(401);

    const admin = await env.db.admin();
    const { rows } = await admin.query(
      `SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`member-${id}`],
    );
    expect(rows.map((r) => r.type)).toEqual([
      'MemberAdded',
      'MemberLoginSucceeded',
      'MemberRoleChanged',
      'MemberUpdated',
      'MemberRemoved',
    ]);
    const { rows: failed } = await admin.query(`SELECT data FROM events WHERE type = 'MemberLoginFailed'`);
    expect(failed.map((r) => r.data)).toContainEqual(
      expect.objectContaining({ email: 'grace@example.com', reason: 'unknown_email' }),
    );
    expect(rows[2].data).toMatchObject({ role: 'auditor', previous_role: 'approver' });
    const { rows: all } = await admin.query(`SELECT data::text AS d FROM events`);
    expect(all.map((r) => r.d).join()).not.toContain('grace-password-123');
  });

  it('pages the list with next_cursor and can list removed members', async () => {
    for (let i = 0; i < 3; i++) await addMember(api, owner, 'viewer');
    const first = await as(owner)('GET', '/api/admin/members?limit=2');
    expect(first.body.members).toHaveLength(2);
    const second = await as(owner)('GET', `/api/admin/members?limit=2&cursor=${first.body.next_cursor}`);
    const ids = [...first.body.members, ...second.body.members].map((m: { id: string }) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe(ownerId);
    const removed = await as(owner)('GET', '/api/admin/members?status=removed');
    expect(removed.body.members.every((m: { status: string }) => m.status === 'removed')).toBe(true);
  });

  it('answers 409 for an email that is already a member, 400 for unknown fields', async () => {
    expect(
      (await as(owner)('POST', '/api/admin/members', { email: OWNER.email, role: 'viewer' })).status,
    ).toBe(409);
    const bad = await as(owner)('POST', '/api/admin/members', {
      email: 'x@example.com',
      role: 'root',
      admin: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['admin', 'role']);
  });

  describe('admins and owners', () => {
    let admin: SignedIn;
    let secondOwner: SignedIn;

    beforeAll(async () => {
      admin = await addMember(api, owner, 'admin');
      secondOwner = await addMember(api, owner, 'owner');
    });

    it('lets admins manage everyone but owners, and never make an owner', async () => {
      const a = as(admin.token);
      expect((await a('POST', '/api/admin/members', { email: 'o2@example.com', role: 'owner' })).status).toBe(
        403,
      );
      expect(
        (await a('PATCH', `/api/admin/members/${secondOwner.memberId}`, { role: 'viewer' })).status,
      ).toBe(403);
      expect(
        (await a('PATCH', `/api/admin/members/${secondOwner.memberId}`, { display_name: 'x' })).status,
      ).toBe(403);
      expect((await a('DELETE', `/api/admin/members/${secondOwner.memberId}`)).status).toBe(403);
      const viewer = await addMember(api, admin.token, 'viewer');
      expect((await a('PATCH', `/api/admin/members/${viewer.memberId}`, { role: 'owner' })).status).toBe(403);
      expect((await a('PATCH', `/api/admin/members/${viewer.memberId}`, { role: 'approver' })).status).toBe(
        200,
      );
      expect((await a('DELETE', `/api/admin/members/${viewer.memberId}`)).status).toBe(200);
    });

    it('never removes or demotes the last owner (409)', async () => {
      // Only owners create orgs by default (KEYLEDGER_ORG_CREATION); the new org has one owner.
      const solo = await addMember(api, owner, 'owner');
      const org = await call(api.url, 'POST', '/api/orgs', { token: solo.token, body: { name: 'Solo' } });
      const soloOwner = await loginAs(api.url, solo.email, solo.password, org.body.org.id);
      const s = as(soloOwner.access_token);
      const removed = await s('DELETE', `/api/admin/members/${soloOwner.member_id}`);
      expect(removed.status).toBe(409);
      expect(removed.body.type).toMatch(/last-owner/);
      expect((await s('PATCH', `/api/admin/members/${soloOwner.member_id}`, { role: 'admin' })).status).toBe(
        409,
      );
    });

    it('lets only one of two concurrent demotions of the last two owners succeed', async () => {
      for (let round = 0; round < 4; round++) {
        const founder = await addMember(api, owner, 'owner');
        const org = await call(api.url, 'POST', '/api/orgs', {
          token: founder.token,
          body: { name: `Race ${round}` },
        });
        const a = await loginAs(api.url, founder.email, founder.password, org.body.org.id);
        const b = await addMember(api, a.access_token, 'owner');
        // Each owner demotes the other at the same instant (and, on odd rounds, removes instead).
        const change = (token: string, id: string) =>
          round % 2 === 0
            ? as(token)('PATCH', `/api/admin/members/${id}`, { role: 'admin' })
            : as(token)('DELETE', `/api/admin/members/${id}`);
        const results = await Promise.all([change(a.access_token, b.memberId), change(b.token, a.member_id)]);
        const statuses = results.map((r) => r.status).sort();
        // The loser is either refused as the last owner, or no longer an owner (its token's role is re-read).
        expect(statuses[0]).toBe(200);
        expect([403, 409]).toContain(statuses[1]);
        const db = await env.db.admin();
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM members WHERE org_id = $1 AND role = 'owner' AND status = 'active'`,
          [org.body.org.id],
        );
        expect(rows[0].n).toBe(1);
      }
    });
  });

  it('limits an approver with a tool scope to those tools', async () => {
    const ownerCall = as(owner);
    const inScope = await addTool(ownerCall);
    const outOfScope = await addTool(ownerCall);
    const scoped = await addMember(api, owner, 'approver', { tool_scope: [inScope.id] });
    const unknown = await ownerCall('PATCH', `/api/admin/members/${scoped.memberId}`, {
      tool_scope: ['nope'],
    });
    expect(unknown.status).toBe(400);
    expect(
      (await ownerCall('PATCH', `/api/admin/members/${scoped.memberId}`, { tool_scope: [] })).status,
    ).toBe(400);
    const agent = await ownerCall('POST', '/api/admin/agents', { name: 'Scoped-Agent' });
    const request = (toolId: string) =>
      call(api.url, 'POST', `/api/tools/${toolId}/request`, {
        token: agent.body.api_key,
        body: { reason: 'needs it for the test' },
      });
    const inReq = (await request(inScope.id)).body.request_id;
    const outReq = (await request(outOfScope.id)).body.request_id;
    const approver = as(scoped.token);
    expect((await approver('POST', `/api/admin/requests/${outReq}/approve`, {})).status).toBe(403);
    expect((await approver('POST', `/api/admin/requests/${inReq}/approve`, {})).status).toBe(200);
    // Lifting the scope applies to the token already issued.
    await ownerCall('PATCH', `/api/admin/members/${scoped.memberId}`, { tool_scope: null });
    expect((await approver('POST', `/api/admin/requests/${outReq}/approve`, {})).status).toBe(200);
  });
});
