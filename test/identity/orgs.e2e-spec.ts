import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, loginAs, OWNER } from '../support/http';
import { addMember, createOrg, ROOMY_RATES } from '../support/members';

// jest.config.js sets testTimeout per project, where Jest ignores it; start-up can take
// longer than Jest's default 5 s on a busy machine.
jest.setTimeout(60_000);

/** Issue 5: a person may belong to several orgs and picks one at sign-in; a token is one org's. */
describe('organisations', () => {
  let env: TestEnv;
  let api: RunningApp;
  let ownerToken: string;
  let defaultOrg: string;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start(ROOMY_RATES);
    const login = await loginAs(api.url);
    ownerToken = login.access_token;
    defaultOrg = login.org_id;
  });
  afterAll(() => env.close());

  it('creates an org with the caller as its owner, as two events in the new org', async () => {
    const res = await call(api.url, 'POST', '/api/orgs', { token: ownerToken, body: { name: ' Acme ' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      org: { id: expect.any(String), name: 'Acme', created_at: expect.any(String) },
      member_id: expect.any(String),
    });
    const admin = await env.db.admin();
    const { rows } = await admin.query(
      `SELECT type, data, metadata FROM events WHERE org_id = $1 ORDER BY position`,
      [res.body.org.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['OrgCreated', 'MemberAdded']);
    expect(rows[1].data).toMatchObject({ email: OWNER.email, role: 'owner', member_id: res.body.member_id });
    expect(rows[0].metadata.actor).toMatchObject({ type: 'member' });
    expect(rows[0].metadata.caller_org_id).toBe(defaultOrg);
  });

  it('lets a person in several orgs pick one at sign-in, by id or name; a token is one org’s', async () => {
    const acme = await createOrg(api, ownerToken, OWNER.email, OWNER.password, 'Globex');
    const byName = await loginAs(api.url, OWNER.email, OWNER.password, 'Globex');
    expect(byName.org_id).toBe(acme.orgId);
    expect(byName.role).toBe('owner');
    // Without `org`, the oldest membership.
    const fallback = await call(api.url, 'POST', '/api/auth/login', { body: OWNER });
    expect(fallback.body.org_id).toBe(defaultOrg);
    expect(fallback.body.orgs.map((o: { org_id: string }) => o.org_id)).toEqual(
      expect.arrayContaining([defaultOrg, acme.orgId]),
    );
    // Each token sees its own org only.
    const inNew = await addMember(api, acme.token, 'viewer');
    const listNew = await call(api.url, 'GET', '/api/admin/members', { token: acme.token });
    const listOld = await call(api.url, 'GET', '/api/admin/members', { token: ownerToken });
    expect(listNew.body.members.map((m: { id: string }) => m.id)).toEqual([acme.memberId, inNew.memberId]);
    expect(listOld.body.members.map((m: { id: string }) => m.id)).not.toContain(inNew.memberId);
    // An org the person is not in is refused like a wrong password.
    const elsewhere = await call(api.url, 'POST', '/api/auth/login', {
      body: { ...OWNER, org: 'no-such-org' },
    });
    expect(elsewhere.status).toBe(401);
  });

  it('rejects unknown fields and anonymous callers', async () => {
    const bad = await call(api.url, 'POST', '/api/orgs', {
      token: ownerToken,
      body: { name: 'x', owner: 'me' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['owner']);
    expect((await call(api.url, 'POST', '/api/orgs', { body: { name: 'anon' } })).status).toBe(401);
  });

  it('lets only owners create an org by default: whoever creates one owns it (issue 13)', async () => {
    const db = await env.db.admin();
    const orgCount = async () => (await db.query('SELECT count(*)::int AS n FROM orgs')).rows[0].n as number;
    const before = await orgCount();
    for (const role of ['admin', 'approver', 'auditor', 'viewer'] as const) {
      const member = await addMember(api, ownerToken, role);
      const res = await call(api.url, 'POST', '/api/orgs', {
        token: member.token,
        body: { name: `Org of a ${role}` },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(await orgCount()).toBe(before);
    const byOwner = await call(api.url, 'POST', '/api/orgs', { token: ownerToken, body: { name: 'Owned' } });
    expect(byOwner.status).toBe(201);
  });

  it('follows KEYLEDGER_ORG_CREATION: members opens it to everyone, disabled to no one', async () => {
    const open = await env.start({ ...ROOMY_RATES, KEYLEDGER_ORG_CREATION: 'members' });
    const viewer = await addMember(open, ownerToken, 'viewer');
    const own = await createOrg(open, viewer.token, viewer.email, viewer.password);
    const me = await call(open.url, 'GET', '/api/admin/members', { token: own.token });
    expect(me.body.members).toEqual([expect.objectContaining({ email: viewer.email, role: 'owner' })]);

    const closed = await env.start({ ...ROOMY_RATES, KEYLEDGER_ORG_CREATION: 'disabled' });
    const refused = await call(closed.url, 'POST', '/api/orgs', { token: ownerToken, body: { name: 'No' } });
    expect(refused.status).toBe(403);
    await expect(env.start({ ...ROOMY_RATES, KEYLEDGER_ORG_CREATION: 'everyone' })).rejects.toThrow(
      /KEYLEDGER_ORG_CREATION/,
    );
  });

  it('never lets an org admin set a password that opens the same person’s other orgs', async () => {
    // Where anyone may create an org and become its owner, they can add a victim's email there.
    const open = await env.start({ ...ROOMY_RATES, KEYLEDGER_ORG_CREATION: 'members' });
    const viewer = await addMember(open, ownerToken, 'viewer');
    const rogue = await createOrg(open, viewer.token, viewer.email, viewer.password);
    const planted = 'planted-password-123';
    const res = await call(api.url, 'POST', '/api/admin/members', {
      token: rogue.token,
      body: { email: OWNER.email, role: 'viewer', password: planted },
    });
    expect(res.status).toBe(201);
    const intoVictimOrg = await call(api.url, 'POST', '/api/auth/login', {
      body: { email: OWNER.email, password: planted, org: defaultOrg },
    });
    expect(intoVictimOrg.status).toBe(401);
    // The planted password opens only the rogue org, and does not list the victim's others.
    const intoRogue = await call(api.url, 'POST', '/api/auth/login', {
      body: { email: OWNER.email, password: planted },
    });
    expect(intoRogue.body.org_id).toBe(rogue.orgId);
    expect(intoRogue.body.orgs).toEqual([expect.objectContaining({ org_id: rogue.orgId })]);
    // The victim's own password still opens their own org first.
    expect((await loginAs(api.url)).org_id).toBe(defaultOrg);
  });
});
