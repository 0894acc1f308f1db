import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';
import { auditClient, caughtUp, cliVerify } from './audit-support';
import { behindTheTriggers } from './attacker';

jest.setTimeout(60_000);

/** DESIGN.md invariant 4 through the audit API and the CLI: tampering is named, not hidden. */
describe('proving the log intact', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
  });
  afterAll(() => env.close());

  it('names the exact position of an event edited behind the trigger', async () => {
    const { token, admin } = await adminSession(api);
    const audit = auditClient(api, token);
    const tool = await addTool(admin);
    const scout = await registerAgent(admin);
    const asked = await agentClient(api, scout.key)('POST', `/api/tools/${tool.id}/request`, {
      reason: 'read the repository',
    });
    await admin('POST', `/api/admin/requests/${asked.body.request_id}/approve`, {});

    const intact = await audit('/api/audit/verify');
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ ok: true, first_bad_position: null, reason: null });
    const su = await env.db.admin();
    const {
      rows: [approved],
    } = await su.query(
      `SELECT position::text AS position, data::text AS data FROM events WHERE type = 'AccessApproved'`,
    );
    expect(BigInt(intact.body.checked_through)).toBeGreaterThanOrEqual(BigInt(approved.position));
    // What auditors read holds the genuine event (else restoring it below leaves the two apart).
    await caughtUp(api);

    // A superuser quietly turns the approver into someone else.
    await su.query('ALTER TABLE events DISABLE TRIGGER USER');
    await su.query(
      `UPDATE events SET data = jsonb_set(data, '{approved_by}', '"someone-else"') WHERE position = $1`,
      [approved.position],
    );
    await su.query('ALTER TABLE events ENABLE TRIGGER USER');
    const caught = await audit('/api/audit/verify');
    expect(caught.body).toMatchObject({
      ok: false,
      first_bad_position: approved.position,
      reason: 'event content does not match its seal',
    });
    expect(BigInt(caught.body.checked_through)).toBeLessThan(BigInt(approved.position));
    const cli = await cliVerify(env, api, {});
    expect(cli.code).toBe(3);
    expect(cli.result.first_bad_position).toBe(approved.position);

    await su.query('ALTER TABLE events DISABLE TRIGGER USER');
    await su.query(`UPDATE events SET data = $2::jsonb WHERE position = $1`, [
      approved.position,
      approved.data,
    ]);
    await su.query('ALTER TABLE events ENABLE TRIGGER USER');
    // Put back, the chain checks out again: the verdict is about content, not a sticky flag.
    expect((await audit('/api/audit/verify')).body.ok).toBe(true);
  });

  it('signs checkpoints, and a deleted tail is caught against one the auditor saved', async () => {
    const { token, admin } = await adminSession(api);
    const audit = auditClient(api, token);
    const signed = await audit('/api/audit/checkpoints', 'POST');
    expect(signed.status).toBe(201);
    const cp = signed.body;
    // No installation-wide seq: every org's auditor is handed the checkpoint.
    expect(Object.keys(cp).sort()).toEqual(['head_hash', 'position', 'public_key', 'signature', 'signed_at']);
    const key = createPublicKey({ key: Buffer.from(cp.public_key, 'base64'), format: 'der', type: 'spki' });
    const payload = canonicalize({ position: cp.position, head_hash: cp.head_hash, signed_at: cp.signed_at });
    expect(verify(null, Buffer.from(payload!), key, Buffer.from(cp.signature, 'base64'))).toBe(true);
    expect((await audit('/api/audit/checkpoints/latest')).body).toEqual(cp);

    // Later activity, then a checkpoint the auditor keeps.
    await registerAgent(admin, 'Late-1');
    await registerAgent(admin, 'Late-2');
    const kept = (await audit('/api/audit/checkpoints', 'POST')).body;
    expect(BigInt(kept.position)).toBeGreaterThan(BigInt(cp.position));
    const file = join(mkdtempSync(join(tmpdir(), 'kl-audit-')), 'checkpoint.json');
    writeFileSync(file, JSON.stringify(kept));
    expect((await cliVerify(env, api, { checkpoint: file })).code).toBe(0);

    // The audit trail has caught up with them (it is written asynchronously, from the log).
    await caughtUp(api);
    // A superuser removes the newest events, their seals and the stored checkpoints.
    const su = await env.db.admin();
    for (const table of ['events', 'event_seals', 'signed_checkpoints']) {
      await su.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    }
    await su.query(`DELETE FROM event_seals WHERE position > $1`, [cp.position]);
    await su.query(`DELETE FROM events WHERE position > $1`, [cp.position]);
    await su.query('DELETE FROM signed_checkpoints');
    for (const table of ['events', 'event_seals', 'signed_checkpoints']) {
      await su.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
    // The instance that signed the removed checkpoints remembers the head it signed.
    const live = await audit('/api/audit/verify');
    expect(live.body).toMatchObject({ ok: false, first_bad_position: kept.position });
    expect(live.body.reason).toMatch(/ends before a checkpoint this service signed/);
    // A process that signed nothing (the CLI) is told by what auditors read, which still
    // lists the removed events.
    const listed = await cliVerify(env, api, {});
    expect(listed.code).toBe(3);
    expect(listed.result.reason).toMatch(/audit trail serves an event the log does not hold/);
    // A thorough superuser removes them there too. The shortened chain is consistent on its
    // own; only the saved checkpoint can tell.
    await behindTheTriggers(su, ['audit_events'], () =>
      su.query('DELETE FROM audit_events WHERE position > $1', [cp.position]),
    );
    expect((await cliVerify(env, api, {})).code).toBe(0);
    const held = await cliVerify(env, api, { checkpoint: file });
    expect(held.code).toBe(3);
    expect(held.result).toMatchObject({ ok: false, first_bad_position: kept.position });
    expect(held.result.reason).toMatch(/removed|does not extend/);
  });
});
