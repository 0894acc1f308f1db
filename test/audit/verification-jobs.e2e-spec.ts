import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signInNewMember } from '../catalog/members';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call } from '../support/http';
import { ROOMY_RATES } from '../support/members';
import { adminSession, registerAgent } from '../support/story';
import { auditClient, caughtUp, cliVerify, finished } from './audit-support';

jest.setTimeout(120_000);

/**
 * Issue 13, finding 8 (verification): every tenant's log was re-hashed on one HTTP request,
 * 120 times a minute per member, and the answer counted every org's events. Verification is
 * now a job that concurrent requests share, incremental from the last intact head, answered
 * per org, under a rate tier of its own. Finding 6: an auditor may bring a checkpoint and the
 * public key they hold for it.
 */
describe('verification as a job, answered per org', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start(ROOMY_RATES);
  });
  afterAll(() => env.close());

  const start = (token: string, body: unknown = {}) =>
    call(api.url, 'POST', '/api/audit/verifications', { token, body });

  async function countOf(orgId: string) {
    const su = await env.db.admin();
    const {
      rows: [row],
    } = await su.query<{ n: number; last: string }>(
      'SELECT count(*)::int AS n, max(position)::text AS last FROM events WHERE org_id = $1',
      [orgId],
    );
    await su.end();
    return row;
  }

  it('answers each org about its own events, never the installation’s count', async () => {
    const a = await adminSession(api);
    for (const name of ['One', 'Two', 'Three']) await registerAgent(a.admin, name);
    const b = await signInNewMember(api, 'auditor'); // an auditor of another org
    const mineA = await auditClient(api, a.token)('/api/audit/verify');
    const mineB = await auditClient(api, b.access_token)('/api/audit/verify');
    const [countA, countB] = [await countOf(a.orgId), await countOf(b.org_id)];
    expect(countA.n).toBeGreaterThan(countB.n);
    expect(mineA.body).toMatchObject({ ok: true, sealed_events: countA.n, checked_through: countA.last });
    expect(mineB.body).toMatchObject({ ok: true, sealed_events: countB.n, checked_through: countB.last });
    // The checkpoint every org's auditor is handed carries no installation-wide count either.
    const checkpoint = await auditClient(api, b.access_token)('/api/audit/checkpoints/latest');
    expect(checkpoint.status).toBe(200);
    expect(checkpoint.body).not.toHaveProperty('seq');
  });

  it('runs as a job: 202 and a Location to poll; requests meanwhile share the run', async () => {
    const a = await adminSession(api);
    const b = await signInNewMember(api, 'auditor');
    // Hold the sealer up, so that the run is still going when the other requests arrive.
    const su = await env.db.admin();
    await su.query('BEGIN');
    await su.query('LOCK TABLE event_seals IN ACCESS EXCLUSIVE MODE');
    const first = await start(a.token);
    expect(first.status).toBe(202);
    const location = first.headers.get('location')!;
    expect(location).toBe(`/api/audit/verifications/${first.body.verification.id}`);
    expect(first.body.verification).toMatchObject({ status: 'running', result: null });
    const [again, fromB] = await Promise.all([start(a.token), start(b.access_token)]);
    expect(again.body.verification.id).toBe(first.body.verification.id);
    expect(fromB.body.verification.id).toBe(first.body.verification.id);
    await su.query('COMMIT');
    await su.end();

    const forA = await finished(api, a.token, location);
    const forB = await finished(api, b.access_token, location);
    expect(forA.status).toBe('done');
    expect(forA.result.ok).toBe(true);
    expect(forB.result.ok).toBe(true);
    expect(forA.result.sealed_events).toBe((await countOf(a.orgId)).n);
    expect(forB.result.sealed_events).toBe((await countOf(b.org_id)).n);
    // An org that never asked for a run does not see it.
    const c = await signInNewMember(api, 'auditor');
    expect((await call(api.url, 'GET', location, { token: c.access_token })).status).toBe(404);
    expect(
      (await call(api.url, 'GET', '/api/audit/verifications/nope', { token: c.access_token })).status,
    ).toBe(404);
  });

  it('goes on from the head the last intact run proved, unless asked for a full run', async () => {
    const a = await adminSession(api);
    const whole = await finished(
      api,
      a.token,
      (await start(a.token, { full: true })).headers.get('location')!,
    );
    expect(whole).toMatchObject({ mode: 'full', result: { ok: true, from_position: '0' } });
    await registerAgent(a.admin, 'Later');
    const next = await finished(api, a.token, (await start(a.token)).headers.get('location')!);
    expect(next.mode).toBe('incremental');
    expect(next.result.ok).toBe(true);
    expect(BigInt(next.result.from_position)).toBeGreaterThan(0n);
    // Counts carry over: the org's answer still covers all of its events.
    expect(next.result.sealed_events).toBe((await countOf(a.orgId)).n);

    // A superuser edits an event the incremental run has not proved yet: it is named.
    await registerAgent(a.admin, 'Victim');
    await caughtUp(api);
    const su = await env.db.admin();
    const {
      rows: [victim],
    } = await su.query<{ position: string }>(
      `SELECT max(position)::text AS position FROM events WHERE type = 'AgentRegistered'`,
    );
    await su.query('ALTER TABLE events DISABLE TRIGGER USER');
    await su.query(`UPDATE events SET data = jsonb_set(data, '{name}', '"Other"') WHERE position = $1`, [
      victim.position,
    ]);
    await su.query('ALTER TABLE events ENABLE TRIGGER USER');
    const caught = await finished(api, a.token, (await start(a.token)).headers.get('location')!);
    expect(caught.result).toMatchObject({ ok: false, first_bad_position: victim.position });
    await su.query('ALTER TABLE events DISABLE TRIGGER USER');
    await su.query(`UPDATE events SET data = jsonb_set(data, '{name}', '"Victim"') WHERE position = $1`, [
      victim.position,
    ]);
    await su.query('ALTER TABLE events ENABLE TRIGGER USER');
    await su.end();
  });

  it('holds the log to a checkpoint and a public key the auditor brings (API and CLI)', async () => {
    const a = await adminSession(api);
    const cp = (await auditClient(api, a.token)('/api/audit/checkpoints', 'POST')).body;
    await registerAgent(a.admin, 'After the checkpoint');
    const holding = async (body: unknown) =>
      (await finished(api, a.token, (await start(a.token, body)).headers.get('location')!)).result;

    expect(await holding({ checkpoint: cp, public_key: cp.public_key })).toMatchObject({ ok: true });
    const forged = { ...cp, head_hash: 'ab'.repeat(32) };
    expect((await holding({ checkpoint: forged, public_key: cp.public_key })).reason).toMatch(/signature/);
    const someoneElses = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
    expect((await holding({ checkpoint: cp, public_key: someoneElses.toString('base64') })).ok).toBe(false);
    const bad = await start(a.token, { checkpoint: { ...cp, head_hash: 'not hex' } });
    expect(bad.status).toBe(400);

    const file = join(mkdtempSync(join(tmpdir(), 'kl-audit-')), 'checkpoint.json');
    writeFileSync(file, JSON.stringify(cp));
    expect((await cliVerify(env, api, { checkpoint: file, 'public-key': cp.public_key })).code).toBe(0);
    const wrong = await cliVerify(env, api, {
      checkpoint: file,
      'public-key': someoneElses.toString('base64'),
    });
    expect(wrong.code).toBe(3);
    expect(wrong.result.reason).toMatch(/signature/);
  });

  it('puts verification and signing under a tight tier of their own', async () => {
    const tight = await env.start({ ...ROOMY_RATES, KEYLEDGER_RATE_HEAVY: '2/1h' }, { background: false });
    const b = await signInNewMember(tight, 'auditor');
    const post = () =>
      call(tight.url, 'POST', '/api/audit/verifications', { token: b.access_token, body: {} });
    expect((await post()).status).toBe(202);
    expect((await call(tight.url, 'GET', '/api/audit/verify', { token: b.access_token })).status).toBe(200);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.body.tier).toBe('heavy');
    expect((await call(tight.url, 'POST', '/api/audit/checkpoints', { token: b.access_token })).status).toBe(
      429,
    );
    // Reads are not held back by it.
    expect((await call(tight.url, 'GET', '/api/audit/events', { token: b.access_token })).status).toBe(200);
  });
});
