import type { Database } from '../../../database/src/database';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { EventStore } from '../event-store';
import { systemMetadata, TEST_LOG_MAC } from '../testing';
import { type Refusal, RefusalTally } from './refusal-tally';

const refusal = (subject: string, ip: string, request = 'GET /api/tools', at?: Date): Refusal => ({
  subject,
  streamId: `agent-${subject}`,
  eventType: 'AgentRequestsRefused',
  data: { agent_id: subject, key_id: `key-${subject}`, reason: 'key_revoked' },
  metadata: systemMetadata('org-1', { ip, actor: { type: 'agent', id: subject, name: 'Probe' } }),
  request,
  at,
});

describe('RefusalTally (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let db: Database;
  let store: EventStore;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await tdb.connect({ poolSize: 10 });
    store = new EventStore(db, TEST_LOG_MAC);
  });
  afterAll(() => tdb.drop());

  const eventsOf = async (streamId: string) =>
    (await store.readStream(streamId)).map((e) => ({ type: e.type, data: e.data, ip: e.metadata.ip }));
  const backdate = (seconds: number) =>
    db.query(`UPDATE refusal_tallies SET opened_at = opened_at - make_interval(secs => $1)`, [seconds]);

  it('adds up a flood seen by two instances into one event when the window ends', async () => {
    const a = new RefusalTally(db, store, { windowSeconds: 60 });
    const b = new RefusalTally(db, store, { windowSeconds: 60 });
    for (let i = 0; i < 300; i++)
      a.count(refusal('flood', `10.0.0.${i % 3}`, 'GET /api/tools', new Date(1000 + i)));
    for (let i = 0; i < 200; i++) b.count(refusal('flood', '10.0.1.1', 'POST /mcp', new Date(5000 + i)));
    await a.flush();
    await b.flush();
    // Not yet due: nothing in the log.
    expect(await a.closeDue()).toBe(0);
    expect(await eventsOf('agent-flood')).toEqual([]);

    await backdate(60);
    expect((await Promise.all([a.closeDue(), b.closeDue()])).reduce((x, y) => x + y)).toBe(1);
    const events = await eventsOf('agent-flood');
    expect(events).toEqual([
      {
        type: 'AgentRequestsRefused',
        ip: '10.0.0.0',
        data: {
          agent_id: 'flood',
          key_id: 'key-flood',
          reason: 'key_revoked',
          count: 500,
          first_seen: new Date(1000).toISOString(),
          last_seen: new Date(5199).toISOString(),
          window_seconds: 60,
          ips: ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.1.1'],
          more_ips: false,
          requests: ['GET /api/tools', 'POST /mcp'],
        },
      },
    ]);
  });

  it('records a single refusal, and keeps a few addresses of a spread-out flood', async () => {
    const tally = new RefusalTally(db, store, { windowSeconds: 1 });
    tally.count(refusal('single', '192.0.2.7'));
    for (let i = 0; i < 40; i++) tally.count(refusal('spread', `198.51.100.${i}`));
    await tally.flush();
    await backdate(1);
    expect(await tally.closeDue()).toBe(2);
    expect((await eventsOf('agent-single')).map((e) => e.data.count)).toEqual([1]);
    const [spread] = await eventsOf('agent-spread');
    expect(spread.data).toMatchObject({ count: 40, more_ips: true });
    expect(spread.data.ips).toHaveLength(16);
  });

  it('opens a new tally only after the last one closed: at most one event per window', async () => {
    const tally = new RefusalTally(db, store, { windowSeconds: 3600 });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 50; i++) tally.count(refusal('steady', '203.0.113.9'));
      await tally.flush();
      await tally.closeDue();
    }
    // Five rounds within the hour: one tally, still open, holding every count.
    expect(await eventsOf('agent-steady')).toEqual([]);
    const [open] = await db.query<{ count: string }>(
      `SELECT count::text FROM refusal_tallies WHERE subject = 'steady'`,
    );
    expect(open.count).toBe('250');
    await backdate(3600);
    await tally.closeDue();
    tally.count(refusal('steady', '203.0.113.9'));
    await tally.flush();
    await tally.closeDue();
    expect((await eventsOf('agent-steady')).map((e) => e.data.count)).toEqual([250]);
  });

  it('writes what is in memory when stopped, for any instance to close later', async () => {
    const leaving = new RefusalTally(db, store, { windowSeconds: 1, flushMs: 60_000 });
    leaving.start();
    for (let i = 0; i < 7; i++) leaving.count(refusal('leaving', '192.0.2.1'));
    await leaving.stop();
    await backdate(1);
    const staying = new RefusalTally(db, store, { windowSeconds: 1 });
    await staying.closeDue();
    expect((await eventsOf('agent-leaving')).map((e) => e.data.count)).toEqual([7]);
  });
});
