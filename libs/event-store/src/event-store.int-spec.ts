import { generateKeyPairSync } from 'node:crypto';
import type { Database } from '../../database/src/database';
import { createTestDatabase, TestDatabase } from '../../../test/support/database';
import { CheckpointSigner } from './checkpoint-signer';
import { ConcurrencyError } from './errors';
import { EventStore } from './event-store';
import { Projection, ProjectionRegistry } from './projection';
import { Sealer } from './sealer';
import { SubscriptionRunner } from './subscription-runner';
import { systemMetadata, TEST_LOG_MAC } from './testing';
import { UpcasterRegistry } from './upcasters';
import { verifyChain } from './verifier';

const ping = (n: number) => ({ type: 'Pinged', data: { n } });

describe('event store (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let db: Database;
  let store: EventStore;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await tdb.connect({ poolSize: 60 });
    store = new EventStore(db, TEST_LOG_MAC);
  });
  afterAll(() => tdb.drop());

  it('appends at the expected version and reads the stream back in order', async () => {
    const first = await store.append('thing-1', 0, [ping(1), ping(2)], systemMetadata('org-a'));
    expect(first.version).toBe(2);
    const second = await store.append('thing-1', 2, [ping(3)], systemMetadata('org-a'));
    expect(second.version).toBe(3);
    const events = await store.readStream('thing-1');
    expect(events.map((e) => [e.streamVersion, e.data.n])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(events[0].metadata.actor.type).toBe('system');
    expect(events[0].orgId).toBe('org-a');
  });

  it('refuses a stale expected version, a missing stream and a duplicate creation', async () => {
    await store.append('thing-2', 0, [ping(1)], systemMetadata());
    await expect(store.append('thing-2', 0, [ping(2)], systemMetadata())).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    await expect(store.append('thing-2', 5, [ping(2)], systemMetadata())).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    await expect(store.append('missing', 3, [ping(1)], systemMetadata())).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(await store.readStream('missing')).toEqual([]);
    expect((await store.readStream('thing-2')).length).toBe(1);
  });

  it('lets exactly one of 50 concurrent appends at the same expected version win', async () => {
    await store.append('race', 0, [ping(0)], systemMetadata());
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => store.append('race', 1, [ping(i + 1)], systemMetadata())),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) expect(r.reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('race')).length).toBe(2);
  });

  it('never lets a reader skip a slow transaction that took an earlier position', async () => {
    const slow = await tdb.admin();
    await slow.query('BEGIN');
    await slow.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, data, metadata, mac)
       VALUES (gen_random_uuid(), 'slow', 1, 'Pinged', '{"n":1}', '{}', decode(repeat('00', 36), 'hex'))`,
    );
    const [{ position: slowPosition }] = (
      await slow.query(`SELECT max(position)::text AS position FROM events`)
    ).rows;
    // A faster transaction commits a later position while the slow one is still open.
    await store.append('fast', 0, [ping(2)], systemMetadata());
    const seen: string[] = [];
    let cursor = { transactionId: 0n, position: 0n };
    const drain = async () => {
      for (const e of await store.readAll(cursor, 1000)) {
        seen.push(e.streamId);
        cursor = EventStore.cursorOf(e);
      }
    };
    await drain();
    expect(seen).not.toContain('fast'); // held back: reading it now would skip 'slow' forever
    await slow.query('COMMIT');
    // Other test databases' transactions share the server-wide horizon: they may delay the
    // reader a little, never make it skip.
    for (let i = 0; i < 100 && !seen.includes('slow'); i++) {
      await drain();
      if (!seen.includes('slow')) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toContain('slow');
    expect(seen).toContain('fast');
    expect(seen.indexOf('slow')).toBeLessThan(seen.indexOf('fast'));
    expect(BigInt(slowPosition)).toBeLessThan(cursor.position);
  });

  it('runs inline projections inside the append transaction', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS test_counts (stream_id text PRIMARY KEY, n int NOT NULL)');
    const registry = new ProjectionRegistry().register({
      name: 'counts',
      mode: 'inline',
      handles: ['Pinged'],
      tables: ['test_counts'],
      async apply(tx, events) {
        for (const e of events) {
          if (e.data.n === 666) throw new Error('projection refused');
          await tx.query(
            `INSERT INTO test_counts VALUES ($1, 1) ON CONFLICT (stream_id) DO UPDATE SET n = test_counts.n + 1`,
            [e.streamId],
          );
        }
      },
    });
    const inlineStore = new EventStore(db, TEST_LOG_MAC, registry);
    await inlineStore.append('inline-1', 0, [ping(1), ping(2)], systemMetadata());
    await expect(inlineStore.append('inline-1', 2, [ping(666)], systemMetadata())).rejects.toThrow(
      'projection refused',
    );
    expect(await db.query('SELECT n FROM test_counts WHERE stream_id = $1', ['inline-1'])).toEqual([
      { n: 2 },
    ]);
    expect((await inlineStore.readStream('inline-1')).length).toBe(2); // the failed append left nothing
  });

  it('moves a subscription checkpoint by compare-and-set with the projection rows', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS test_seen (position bigint PRIMARY KEY)');
    const projection: Projection = {
      name: 'seen',
      mode: 'async',
      handles: ['Pinged'],
      tables: ['test_seen'],
      async apply(tx, events) {
        for (const e of events) await tx.query('INSERT INTO test_seen VALUES ($1)', [e.position.toString()]);
      },
    };
    const a = new SubscriptionRunner(db, store, [projection], { batchSize: 3 });
    const b = new SubscriptionRunner(db, store, [projection], { batchSize: 3 });
    // Two runners race for the same checkpoint: every event is applied exactly once.
    await Promise.allSettled([a.catchUp(), b.catchUp()]);
    await a.catchUp();
    const [{ count }] = await db.query<{ count: string }>('SELECT count(*)::text AS count FROM test_seen');
    const [{ total }] = await db.query<{ total: string }>(
      `SELECT count(*)::text AS total FROM events WHERE type = 'Pinged'`,
    );
    expect(count).toBe(total);
  });

  it('feeds projections at the same checkpoint from one read, each exactly once, two runners racing', async () => {
    await db.query(
      'CREATE TABLE IF NOT EXISTS test_fed (name text, position bigint, PRIMARY KEY (name, position))',
    );
    const fed = (name: string): Projection => ({
      name,
      mode: 'async',
      handles: ['Pinged'],
      tables: ['test_fed'],
      async apply(tx, events) {
        for (const e of events)
          await tx.query('INSERT INTO test_fed VALUES ($1, $2)', [name, e.position.toString()]);
      },
    });
    const projections = [fed('fed-a'), fed('fed-b')];
    for (let i = 0; i < 7; i++) await store.append(`fed-${i}`, 'any', [ping(i)], systemMetadata());
    const a = new SubscriptionRunner(db, store, projections, { batchSize: 2, intervalMs: 20 });
    const b = new SubscriptionRunner(db, store, projections, { batchSize: 2, intervalMs: 20 });
    a.start();
    b.start();
    const [{ total }] = await db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM events WHERE type = 'Pinged'`,
    );
    const counts = async () =>
      db.query<{ name: string; n: number }>(
        'SELECT name, count(*)::int AS n FROM test_fed GROUP BY name ORDER BY name',
      );
    const deadline = Date.now() + 10_000;
    while (
      Date.now() < deadline &&
      JSON.stringify(await counts()) !==
        JSON.stringify([
          { name: 'fed-a', n: total },
          { name: 'fed-b', n: total },
        ])
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all([a.stop(), b.stop()]);
    // The primary key would have refused an event applied twice; none is missing either.
    expect(await counts()).toEqual([
      { name: 'fed-a', n: total },
      { name: 'fed-b', n: total },
    ]);
  });

  it('upcasts old event versions on read without rewriting them', async () => {
    const upcasters = new UpcasterRegistry().register('Renamed', 1, (d) => ({
      ...d,
      display_name: d.name,
      name: undefined,
    }));
    const old = new EventStore(db, TEST_LOG_MAC);
    await old.append(
      'up-1',
      0,
      [{ type: 'Renamed', data: { name: 'Ada' }, eventVersion: 1 }],
      systemMetadata(),
    );
    const current = new EventStore(db, TEST_LOG_MAC, undefined, upcasters);
    const [event] = await current.readStream('up-1');
    expect(event.eventVersion).toBe(2);
    expect(event.data.display_name).toBe('Ada');
    const [raw] = await db.query<{ data: unknown }>(`SELECT data FROM events WHERE stream_id = 'up-1'`);
    expect(raw.data).toEqual({ name: 'Ada' });
  });

  describe('append-only', () => {
    const statements = [
      ['UPDATE', `UPDATE events SET type = 'Forged' WHERE stream_id = 'thing-1'`],
      ['DELETE', `DELETE FROM events WHERE stream_id = 'thing-1'`],
      ['TRUNCATE', 'TRUNCATE events CASCADE'],
    ];

    it.each(statements)('%s fails for a superuser (trigger)', async (_op, sql) => {
      const su = await tdb.admin();
      await expect(su.query(sql)).rejects.toThrow(/append-only/);
    });

    it.each(statements)('%s fails for the service role (no privilege)', async (_op, sql) => {
      const app = await tdb.serving({ poolSize: 1 });
      await expect(app.query(sql)).rejects.toThrow(/permission denied/);
      // ...while the service role can still read and append.
      await new EventStore(app, TEST_LOG_MAC).append(`role-${_op}`, 0, [ping(1)], systemMetadata());
    });
  });

  describe('tamper evidence', () => {
    const afterAllDrops: Array<() => Promise<void>> = [];
    afterAll(() => Promise.all(afterAllDrops.map((drop) => drop())));
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

    it('verifies an intact chain, names an edited event, and catches a deleted tail', async () => {
      // A database of its own: the tests above insert rows past the append path.
      const tdb = await createTestDatabase();
      const db = await tdb.connect();
      const store = new EventStore(db, TEST_LOG_MAC);
      afterAllDrops.push(() => tdb.drop());
      const sealer = new Sealer(db, TEST_LOG_MAC);
      const signer = new CheckpointSigner(db, sealer, pem, TEST_LOG_MAC);
      const verify = (options: Partial<Parameters<typeof verifyChain>[1]> = {}) =>
        verifyChain(db, { mac: TEST_LOG_MAC, trust: signer.trust, graceMs: 3_600_000, ...options });
      for (let i = 0; i < 5; i++) await store.append(`chain-${i}`, 0, [ping(i)], systemMetadata());
      const checkpoint = await signer.signNow();
      expect(checkpoint).not.toBeNull();
      expect(checkpoint).not.toHaveProperty('seq'); // the installation-wide count stays out
      const intact = await verify();
      expect(intact.failure).toBeNull();
      expect(intact.state.position).toBe(checkpoint!.position);
      expect(intact.checkpoint?.signature).toBe(checkpoint!.signature);

      const su = await tdb.admin();
      const [{ position: victim }] = (
        await su.query(`SELECT position::text AS position FROM events WHERE stream_id = 'chain-2'`)
      ).rows;
      await su.query('ALTER TABLE events DISABLE TRIGGER USER');
      await su.query(`UPDATE events SET data = '{"n": 999}' WHERE stream_id = 'chain-2'`);
      const edited = await verify();
      expect(edited.ok).toBe(false);
      expect(edited.failure).toMatchObject({
        position: victim,
        reason: 'event content does not match its seal',
      });
      await su.query(`UPDATE events SET data = '{"n": 2}' WHERE stream_id = 'chain-2'`);
      expect((await verify()).ok).toBe(true);

      // Delete the newest events and their seals and checkpoints: only the auditor's saved
      // checkpoint can tell, and it does.
      await su.query('ALTER TABLE event_seals DISABLE TRIGGER USER');
      await su.query('ALTER TABLE signed_checkpoints DISABLE TRIGGER USER');
      await su.query(
        `DELETE FROM event_seals WHERE position IN (SELECT position FROM events WHERE stream_id IN ('chain-3','chain-4'))`,
      );
      await su.query(`DELETE FROM events WHERE stream_id IN ('chain-3', 'chain-4')`);
      await su.query('DELETE FROM signed_checkpoints');
      expect((await verify()).ok).toBe(true); // the shortened chain is self-consistent
      const held = await verify({ auditorCheckpoint: { checkpoint: checkpoint! } });
      expect(held.ok).toBe(false);
      expect(held.failure?.position).toBe(checkpoint!.position);
      expect(held.failure?.reason).toMatch(/removed/);
      // ...and once the grace for signing has passed, a log no checkpoint covers is not ok.
      const later = await verify({ now: new Date(Date.now() + 3_700_000) });
      expect(later.failure?.reason).toMatch(/no checkpoint signed by this service covers it/);

      const forged = { ...checkpoint!, head_hash: 'ff'.repeat(32) };
      expect((await verify({ auditorCheckpoint: { checkpoint: forged } })).failure?.reason).toMatch(
        /signature/,
      );
    });
  });
});
