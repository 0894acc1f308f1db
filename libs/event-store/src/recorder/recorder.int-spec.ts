import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { Database } from '../../../database/src/database';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { EventStoreUnavailableError } from '../errors';
import { systemMetadata, TEST_LOG_MAC } from '../testing';
import { RecorderClosedError, RecordTimeoutError } from './group-commit';
import { type GrantGuard, Recorder, type RecordInput } from './recorder';

const ORG = 'org-recorder';

describe('Recorder: group commit on PostgreSQL', () => {
  let tdb: TestDatabase;
  let db: Database;
  let su: Client;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await tdb.connect({ poolSize: 10 });
    su = await tdb.admin();
  });
  afterAll(async () => {
    await su.end();
    await db.close();
    await tdb.drop();
  });

  /** An active agent and key, an active tool with a secret, and an approved grant. */
  async function grant(options: { expiresAt?: Date } = {}): Promise<GrantGuard> {
    const id = randomUUID().slice(0, 8);
    const g: GrantGuard = { grantId: `g-${id}`, agentId: `a-${id}`, keyId: `k-${id}`, toolId: `t-${id}` };
    await db.query(
      `INSERT INTO agents (id, org_id, name, registered_by, created_at, updated_at) VALUES ($1, $2, 'A', 'm', now(), now())`,
      [g.agentId, ORG],
    );
    await db.query(
      `INSERT INTO agent_keys (id, agent_id, org_id, key_hash, prefix, created_at) VALUES ($1, $2, $3, $1, 'klk_', now())`,
      [g.keyId, g.agentId, ORG],
    );
    await db.query(
      `INSERT INTO tools (id, org_id, name, auth_type, credential_mode, created_by, created_at, updated_at)
       VALUES ($1, $2, $1, 'bearer_token', 'shared', 'm', now(), now())`,
      [g.toolId, ORG],
    );
    for (const version of [1, 2]) {
      await db.query(
        `INSERT INTO secret_versions (org_id, tool_id, version, format, ciphertext, iv, tag, wrapped_key, wrap_iv,
           wrap_tag, kek_version, fingerprint)
         VALUES ($1, $2, $3, 'text', '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', '\\x06', 1, 'fp')`,
        [ORG, g.toolId, version],
      );
    }
    await db.query(
      `INSERT INTO access_requests (id, org_id, agent_id, tool_id, status, reason, requested_at, updated_at, expires_at)
       VALUES ($1, $2, $3, $4, 'approved', 'test', now(), now(), $5)`,
      [g.grantId, ORG, g.agentId, g.toolId, options.expiresAt ?? null],
    );
    await db.query(`INSERT INTO streams (stream_id, version, org_id) VALUES ($1, 2, $2)`, [
      `access-${g.grantId}`,
      ORG,
    ]);
    return g;
  }

  const vend = (guard: GrantGuard): RecordInput => ({
    type: 'CredentialVended',
    data: { grant_id: guard.grantId, agent_id: guard.agentId, tool_id: guard.toolId, key_id: guard.keyId },
    metadata: systemMetadata(ORG, { actor: { type: 'agent', id: guard.agentId, name: 'A' } }),
    guard,
  });

  const eventsOf = async (streamId: string) =>
    (
      await db.query<{
        type: string;
        stream_version: number;
        transaction_id: string;
        data: Record<string, unknown>;
      }>(
        `SELECT type, stream_version, transaction_id::text, data FROM events WHERE stream_id = $1 ORDER BY stream_version`,
        [streamId],
      )
    ).map((e) => ({ ...e }));

  it('checks and appends records that arrive together in one transaction, each caller answered', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC, { windowMs: 20, maxBatch: 64 });
    const grants = await Promise.all(Array.from({ length: 8 }, () => grant()));
    const outcomes = await Promise.all(
      grants.flatMap((g) => Array.from({ length: 5 }, () => recorder.record(vend(g)))),
    );
    expect(outcomes.every((o) => o.recorded)).toBe(true);
    for (const o of outcomes) {
      if (!o.recorded) continue;
      expect(o.secret).toMatchObject({
        secret_version: 2,
        scope: '',
        format: 'text',
        tool_name: expect.any(String),
      });
      expect(o.secret!.ciphertext).toEqual(Buffer.from([1]));
    }
    const all = (await Promise.all(grants.map((g) => eventsOf(`access-${g.grantId}`)))).flat();
    expect(all).toHaveLength(40);
    // One transaction for all forty, and each stream's versions follow on from where it stood.
    expect(new Set(all.map((e) => e.transaction_id)).size).toBe(1);
    for (const g of grants) {
      const stream = await eventsOf(`access-${g.grantId}`);
      expect(stream.map((e) => e.stream_version)).toEqual([3, 4, 5, 6, 7]);
      expect(stream[0].data).toEqual({
        grant_id: g.grantId,
        agent_id: g.agentId,
        tool_id: g.toolId,
        key_id: g.keyId,
        secret_version: 2,
      });
    }
    const [{ version }] = await db.query<{ version: number }>(
      'SELECT version FROM streams WHERE stream_id = $1',
      [`access-${grants[0].grantId}`],
    );
    expect(version).toBe(7);
    await recorder.close();
  });

  it('stores the MAC of what the service stated on every row', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC);
    const g = await grant();
    const outcome = await recorder.record(vend(g));
    expect(outcome.recorded).toBe(true);
    const [row] = await db.query<{
      event_id: string;
      stream_id: string;
      org_id: string;
      type: string;
      event_version: number;
      data: unknown;
      metadata: unknown;
      mac: Buffer;
    }>(
      `SELECT event_id, stream_id, org_id, type, event_version, data, metadata, mac FROM events WHERE stream_id = $1`,
      [`access-${g.grantId}`],
    );
    expect(TEST_LOG_MAC.eventMacCheck(row, row.mac)).toBe('valid');
    expect(TEST_LOG_MAC.eventMacCheck({ ...row, stream_id: 'access-other' }, row.mac)).toBe('invalid');
    await recorder.close();
  });

  it('refuses one caller of a batch alone, with its reason, and appends nothing for it', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC, { windowMs: 20 });
    const [ok, revoked, suspended, keyRevoked, expired, retired] = await Promise.all(
      Array.from({ length: 6 }, (_, i) => grant(i === 4 ? { expiresAt: new Date(Date.now() - 1000) } : {})),
    );
    await db.query(`UPDATE access_requests SET status = 'revoked' WHERE id = $1`, [revoked.grantId]);
    await db.query(`UPDATE agents SET status = 'suspended' WHERE id = $1`, [suspended.agentId]);
    await db.query(`UPDATE agent_keys SET status = 'revoked' WHERE id = $1`, [keyRevoked.keyId]);
    await db.query(`UPDATE tools SET status = 'retired' WHERE id = $1`, [retired.toolId]);
    const stranger = { ...ok, agentId: suspended.agentId }; // another agent naming ok's grant
    const outcomes = await Promise.all(
      [ok, revoked, suspended, keyRevoked, expired, retired, stranger].map((g) => recorder.record(vend(g))),
    );
    expect(outcomes.map((o) => (o.recorded ? 'recorded' : o.refused))).toEqual([
      'recorded',
      'revoked',
      'suspended',
      'revoked',
      'expired',
      'tool_retired',
      'no_grant',
    ]);
    expect(await eventsOf(`access-${ok.grantId}`)).toHaveLength(1);
    for (const g of [revoked, suspended, keyRevoked, expired, retired]) {
      expect(await eventsOf(`access-${g.grantId}`)).toEqual([]);
    }
    await recorder.close();
  });

  it('appends plain records in the same batch, creating their stream when needed', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC, { windowMs: 20 });
    const g = await grant();
    const stream = `agent-${randomUUID()}`;
    const plain = (n: number): RecordInput => ({
      streamId: stream,
      type: 'CredentialDenied',
      data: {
        grant_id: null,
        agent_id: g.agentId,
        tool_id: g.toolId,
        key_id: g.keyId,
        reason: 'no_grant',
        n,
      },
      metadata: systemMetadata(ORG),
    });
    const outcomes = await Promise.all([
      recorder.record(plain(1)),
      recorder.record(vend(g)),
      recorder.record(plain(2)),
    ]);
    expect(outcomes.map((o) => o.recorded)).toEqual([true, true, true]);
    expect(outcomes[0].recorded && outcomes[0].secret).toBeNull();
    expect((await eventsOf(stream)).map((e) => [e.stream_version, e.data.n])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    await recorder.close();
  });

  it('answers every caller of a batch whose commit fails with EventStoreUnavailableError', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC, { windowMs: 20 });
    const [a, b] = await Promise.all([grant(), grant()]);
    await su.query(`CREATE FUNCTION refuse_vend() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.stream_id = '${'access-' + b.grantId}' THEN RAISE EXCEPTION 'simulated outage'; END IF; RETURN NEW; END $$`);
    await su.query(
      `CREATE TRIGGER refuse_vend BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_vend()`,
    );
    try {
      const settled = await Promise.allSettled([
        recorder.record(vend(a)),
        recorder.record(vend(b)),
        recorder.record(vend(a)),
      ]);
      for (const s of settled) {
        expect(s.status).toBe('rejected');
        expect((s as PromiseRejectedResult).reason).toBeInstanceOf(EventStoreUnavailableError);
      }
    } finally {
      await su.query('DROP TRIGGER refuse_vend ON events');
      await su.query('DROP FUNCTION refuse_vend()');
    }
    expect(await eventsOf(`access-${a.grantId}`)).toEqual([]);
    const [{ version }] = await db.query<{ version: number }>(
      'SELECT version FROM streams WHERE stream_id = $1',
      [`access-${a.grantId}`],
    );
    expect(version).toBe(2);
    // The recorder goes on after a failed batch.
    expect((await recorder.record(vend(a))).recorded).toBe(true);
    await recorder.close();
  });

  it('fails a caller whose commit does not come in time; one still queued is never sent', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC, { windowMs: 0, maxInFlight: 1, timeoutMs: 300 });
    const g = await grant();
    // A decision on the grant holds its stream row (docs/adr/0004): the batch waits for it.
    await su.query('BEGIN');
    await su.query(`SELECT 1 FROM streams WHERE stream_id = $1 FOR UPDATE`, [`access-${g.grantId}`]);
    try {
      const first = recorder.record(vend(g));
      await new Promise((r) => setTimeout(r, 50));
      const queued = recorder.record(vend(g));
      await expect(first).rejects.toBeInstanceOf(RecordTimeoutError);
      await expect(queued).rejects.toBeInstanceOf(RecordTimeoutError);
      expect(recorder.pending.queued).toBe(0);
    } finally {
      await su.query('COMMIT');
    }
    await new Promise((r) => setTimeout(r, 200));
    // The batch sent before the timeout committed once the lock was let go; the queued one never went.
    expect(await eventsOf(`access-${g.grantId}`)).toHaveLength(1);
    await recorder.close();
  });

  it('sees a revoke that held the stream when it commits, and refuses', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC, { windowMs: 0 });
    const g = await grant();
    await su.query('BEGIN');
    await su.query(`SELECT 1 FROM streams WHERE stream_id = $1 FOR UPDATE`, [`access-${g.grantId}`]);
    const waiting = recorder.record(vend(g));
    await new Promise((r) => setTimeout(r, 100));
    await su.query(`UPDATE access_requests SET status = 'revoked' WHERE id = $1`, [g.grantId]);
    await su.query('COMMIT');
    expect(await waiting).toEqual({ recorded: false, refused: 'revoked' });
    await recorder.close();
  });

  it('makes a suspension wait for the batch that checked the agent, and the next batch see it', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC, { windowMs: 0 });
    const g = await grant();
    const stream = `access-${g.grantId}`;
    // The batch sits inside its transaction, after its check, for half a second.
    await su.query(`CREATE FUNCTION slow_vend() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.stream_id = '${stream}' THEN PERFORM pg_sleep(0.5); END IF; RETURN NEW; END $$`);
    await su.query(
      `CREATE TRIGGER slow_vend BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION slow_vend()`,
    );
    try {
      const inFlight = recorder.record(vend(g));
      await new Promise((r) => setTimeout(r, 150));
      await su.query(`UPDATE agents SET status = 'suspended' WHERE id = $1`, [g.agentId]);
      // Had the suspension not waited for the batch's commit, its event would not exist yet.
      expect(await eventsOf(stream)).toHaveLength(1);
      expect((await inFlight).recorded).toBe(true);
    } finally {
      await su.query('DROP TRIGGER slow_vend ON events');
      await su.query('DROP FUNCTION slow_vend()');
    }
    expect(await recorder.record(vend(g))).toEqual({ recorded: false, refused: 'suspended' });
    await recorder.close();
  });

  it('drains on shutdown: queued records are committed, later ones refused', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC, { windowMs: 50 });
    const g = await grant();
    const queued = Array.from({ length: 5 }, () => recorder.record(vend(g)));
    await recorder.close(5000);
    expect((await Promise.all(queued)).every((o) => o.recorded)).toBe(true);
    await expect(recorder.record(vend(g))).rejects.toBeInstanceOf(RecorderClosedError);
    expect(await eventsOf(`access-${g.grantId}`)).toHaveLength(5);
  });

  it('fails each waiter on shutdown when its batch cannot finish within the grace period', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC, { windowMs: 0, timeoutMs: 10_000 });
    const g = await grant();
    await su.query('BEGIN');
    await su.query(`SELECT 1 FROM streams WHERE stream_id = $1 FOR UPDATE`, [`access-${g.grantId}`]);
    try {
      const waiting = recorder.record(vend(g));
      await new Promise((r) => setTimeout(r, 50));
      const started = Date.now();
      await recorder.close(200);
      await expect(waiting).rejects.toBeInstanceOf(RecorderClosedError);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await su.query('COMMIT');
    }
  });

  it('refuses a guarded record whose type would have its MAC cover the secret version', async () => {
    const recorder = new Recorder(db, TEST_LOG_MAC);
    const g = await grant();
    await expect(recorder.record({ ...vend(g), type: 'SomethingElse' })).rejects.toThrow(/secret_version/);
    await recorder.close();
  });
});
