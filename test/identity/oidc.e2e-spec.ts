import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, loginAs, OWNER } from '../support/http';
import { addMember, createOrg, ROOMY_RATES } from '../support/members';

// jest.config.js sets testTimeout per project, where Jest ignores it; start-up can take
// longer than Jest's default 5 s on a busy machine.
jest.setTimeout(60_000);

const AUDIENCE = 'keyledger-console';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** The issuer's JWKS, served by the test itself on loopback. */
async function serveJwks(keys: JWK[]): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

/**
 * Issue 5: members may sign in with a JWT from one configured OIDC issuer (JWKS via jwks-rsa),
 * mapped to a member by a verified email at first, then by the issuer's subject (issue 13). The configuration is read from the environment at start-up
 * (libs/identity/src/oidc/oidc.config.ts), so this file sets process.env around the start.
 */
describe('OIDC sign-in', () => {
  let env: TestEnv;
  let api: RunningApp;
  let issuer: string;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;
  let rsa: Key;
  let ec: Key;
  let stranger: Key;
  let rsaPublicPem: string;

  const token = (
    claims: Record<string, unknown>,
    options: { key?: Key; alg?: string; kid?: string } = {},
  ) => {
    const alg = options.alg ?? 'RS256';
    const email = (claims.email as string | undefined) ?? OWNER.email;
    // One subject per person at the issuer, unless a case says otherwise.
    const jwt = new SignJWT({ email_verified: true, sub: `idp|${email.toLowerCase()}`, ...claims, email })
      .setProtectedHeader({ alg, kid: options.kid ?? (alg === 'ES256' ? 'ec-1' : 'rsa-1') })
      .setIssuer((claims.iss as string) ?? issuer)
      .setAudience((claims.aud as string) ?? AUDIENCE)
      .setIssuedAt();
    if (claims.exp !== null) jwt.setExpirationTime((claims.exp as number | string | undefined) ?? '5m');
    return jwt.sign(options.key ?? (alg === 'ES256' ? ec : rsa));
  };
  const members = (bearer: string) => call(api.url, 'GET', '/api/admin/members', { token: bearer });

  beforeAll(async () => {
    const rsaPair = await generateKeyPair('RS256');
    const ecPair = await generateKeyPair('ES256');
    rsa = rsaPair.privateKey;
    rsaPublicPem = await exportSPKI(rsaPair.publicKey);
    ec = ecPair.privateKey;
    stranger = (await generateKeyPair('RS256')).privateKey;
    const publicOf = async (alg: string, kid: string, key: Key) => ({
      ...(await exportJWK(key)),
      alg,
      kid,
      use: 'sig',
    });
    jwks = await serveJwks([
      await publicOf('RS256', 'rsa-1', rsaPair.publicKey),
      await publicOf('ES256', 'ec-1', ecPair.publicKey),
    ]);
    issuer = jwks.url;
    env = await createTestEnv();
    api = await env.start({
      ...ROOMY_RATES,
      KEYLEDGER_OIDC_ISSUER: issuer,
      KEYLEDGER_OIDC_AUDIENCE: AUDIENCE,
    });
  });
  afterAll(async () => {
    await env?.close();
    jwks?.server.close();
  });

  it('accepts an RS256 or ES256 token from the issuer for a member, by email', async () => {
    const rs = await members(await token({}));
    expect(rs.status).toBe(200);
    expect(rs.body.members.map((m: { email: string }) => m.email)).toContain(OWNER.email);
    expect((await members(await token({}, { alg: 'ES256' }))).status).toBe(200);
    // Emails match case-insensitively.
    expect((await members(await token({ email: OWNER.email.toUpperCase() }))).status).toBe(200);
  });

  it('acts in the org the `org` claim names, else the person’s oldest org', async () => {
    const local = await loginAs(api.url);
    const other = await createOrg(api, local.access_token, OWNER.email, OWNER.password, 'Second');
    const inOther = await addMember(api, other.token, 'viewer');
    const scoped = await members(await token({ org: other.orgId }));
    expect(scoped.body.members.map((m: { id: string }) => m.id)).toContain(inOther.memberId);
    const oldest = await members(await token({}));
    expect(oldest.body.members.map((m: { id: string }) => m.id)).not.toContain(inOther.memberId);
    expect((await members(await token({ org: 'not-my-org' }))).status).toBe(401);
  });

  it.each([
    ['signed by another key under a known kid', () => token({}, { key: stranger })],
    ['signed by another key under an unknown kid', () => token({}, { key: stranger, kid: 'rogue' })],
    ['for another audience', () => token({ aud: 'some-other-app' })],
    ['from another issuer', () => token({ iss: 'https://evil.example.com' })],
    ['expired', () => token({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ['without an expiry', () => token({ exp: null })],
    ['for an email that is no member', () => token({ email: 'nobody@example.com' })],
    ['with an email the issuer has not verified', () => token({ email_verified: false })],
    ['without email_verified (issue 13)', () => token({ email_verified: undefined })],
    ['with email_verified as a string', () => token({ email_verified: 'true' })],
    ['without a subject', () => token({ sub: undefined })],
    ['with alg none', async () => `${b64({ alg: 'none' })}.${(await token({})).split('.')[1]}.`],
  ])('answers 401 for a token %s', async (_case, make) => {
    const res = await members(await make());
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('binds a member to the issuer’s subject at first sign-in and refuses another subject with the same email (issue 13)', async () => {
    const owner = (await loginAs(api.url)).access_token;
    const person = await addMember(api, owner, 'auditor');
    const db = await env.db.admin();
    const links = async (memberId: string) =>
      (
        await db.query(
          `SELECT data, metadata FROM events WHERE stream_id = $1 AND type = 'MemberIdentityLinked'`,
          [`member-${memberId}`],
        )
      ).rows;

    expect((await members(await token({ email: person.email, sub: 'idp-alice' }))).status).toBe(200);
    const [linked] = await links(person.memberId);
    expect(linked.data).toEqual({
      member_id: person.memberId,
      org_id: person.orgId,
      issuer,
      subject: 'idp-alice',
    });
    expect(linked.metadata.actor).toMatchObject({ type: 'member', id: person.memberId });
    // Later sign-ins match by the binding, and record nothing more.
    expect((await members(await token({ email: person.email, sub: 'idp-alice' }))).status).toBe(200);
    expect(await links(person.memberId)).toHaveLength(1);

    // The issuer hands the same (verified) email to another account: refused.
    const mallory = await members(await token({ email: person.email, sub: 'idp-mallory' }));
    expect(mallory.status).toBe(401);
    // ...also where the person has a membership that was never used with OIDC.
    const third = await createOrg(api, owner, OWNER.email, OWNER.password, 'Third');
    const there = await addMember(api, third.token, 'viewer', { email: person.email });
    const elsewhere = await members(
      await token({ email: person.email, sub: 'idp-mallory', org: third.orgId }),
    );
    expect(elsewhere.status).toBe(401);
    expect(await links(there.memberId)).toHaveLength(0);
    // The bound subject opens it, and binds it too.
    expect(
      (await members(await token({ email: person.email, sub: 'idp-alice', org: third.orgId }))).status,
    ).toBe(200);
    expect(await links(there.memberId)).toHaveLength(1);
    // The binding, not the email, says who it is: the issuer may change the address.
    expect(
      (await members(await token({ email: 'alice.renamed@example.com', sub: 'idp-alice' }))).status,
    ).toBe(200);
  });

  it('binds only one of two subjects signing in for the first time at once', async () => {
    const owner = (await loginAs(api.url)).access_token;
    const person = await addMember(api, owner, 'viewer');
    const [a, b] = await Promise.all([
      members(await token({ email: person.email, sub: 'idp-first' })),
      members(await token({ email: person.email, sub: 'idp-second' })),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
    const { rows } = await (
      await env.db.admin()
    ).query(`SELECT oidc_subject FROM members WHERE id = $1`, [person.memberId]);
    expect(rows[0].oidc_subject).toBe(a.status === 200 ? 'idp-first' : 'idp-second');
  });

  it('stops accepting a removed member’s OIDC token at once', async () => {
    const owner = (await loginAs(api.url)).access_token;
    const person = await addMember(api, owner, 'auditor');
    const oidc = await token({ email: person.email });
    expect((await members(oidc)).status).toBe(200);
    await call(api.url, 'DELETE', `/api/admin/members/${person.memberId}`, { token: owner });
    expect((await members(oidc)).status).toBe(401);
  });

  it('still accepts Keyledger’s own tokens, and never HS256 keyed with the issuer’s public key', async () => {
    expect((await members((await loginAs(api.url)).access_token)).status).toBe(200);
    const forged = await new SignJWT({
      email: OWNER.email,
      email_verified: true,
      sub: 'idp|owner@example.com',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(rsaPublicPem)); // the classic algorithm-confusion forgery
    expect((await members(forged)).status).toBe(401);
  });

  it('refuses to start when the issuer is set without an audience, naming the variable', async () => {
    await expect(env.start({ ...ROOMY_RATES, KEYLEDGER_OIDC_ISSUER: issuer })).rejects.toThrow(
      /KEYLEDGER_OIDC_AUDIENCE/,
    );
  });
});

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
