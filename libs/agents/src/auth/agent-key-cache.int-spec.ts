import type { Database } from '../../../database/src/database';
import type { Listener } from '../../../database/src/listener';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { AGENT_KEYS_CHANNEL, AgentKeyCache, type AgentKeyRow } from './agent-key-cache';

/** Retries `check` until it stops throwing, or throws its last error after `timeoutMs`. */
async function until(check: () => unknown, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const row = (agentId: string): AgentKeyRow => ({
  key_id: `k-${agentId}`,
  key_hash: `h-${agentId}`,
  agent_id: agentId,
  org_id: 'org',
  name: 'A',
  status: 'active',
  key_status: 'active',
});

describe('AgentKeyCache fed by LISTEN/NOTIFY (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let db: Database;
  const listeners: Listener[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await tdb.connect({ poolSize: 4 });
  });
  afterAll(async () => {
    await Promise.all(listeners.map((l) => l.close()));
    await db.close();
    await tdb.drop();
  });

  /** One instance's cache and its listener; `loads` counts lookups that reached the loader. */
  async function instance() {
    const cache = new AgentKeyCache();
    const listener = db.listener(AGENT_KEYS_CHANNEL, {
      onMessage: (agentId) => cache.dropAgent(agentId),
      onState: (listening) => cache.setListening(listening),
    });
    listeners.push(listener);
    await listener.start();
    let loads = 0;
    const lookup = (agentId: string) =>
      cache.lookup(`h-${agentId}`, () => {
        loads += 1;
        return Promise.resolve(row(agentId));
      });
    return { cache, listener, lookup, loads: () => loads };
  }

  it('keeps a key once looked up and drops it on every instance when the agent changes', async () => {
    const one = await instance();
    const two = await instance();
    await one.lookup('a1');
    await one.lookup('a1');
    await two.lookup('a1');
    await two.lookup('a2');
    expect([one.loads(), two.loads()]).toEqual([1, 2]);
    // As the agents projection announces a revocation, inside the transaction that makes it.
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_notify($1, $2)', [AGENT_KEYS_CHANNEL, 'a1']);
    });
    await until(() => expect(one.cache.size + two.cache.size).toBe(1)); // two still holds a2
    await one.lookup('a1');
    await two.lookup('a1');
    expect([one.loads(), two.loads()]).toEqual([2, 3]);
    await two.lookup('a2'); // another agent's key stays
    expect(two.loads()).toBe(3);
  });

  it('announces nothing when the transaction rolls back', async () => {
    const one = await instance();
    await one.lookup('a3');
    await db
      .transaction(async (tx) => {
        await tx.query('SELECT pg_notify($1, $2)', [AGENT_KEYS_CHANNEL, 'a3']);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    await one.lookup('a3');
    expect(one.loads()).toBe(1);
  });

  it('forgets everything and looks every key up while it cannot hear, then caches again', async () => {
    const one = await instance();
    await one.lookup('a4');
    const su = await tdb.admin();
    try {
      await su.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name LIKE '% listener'`,
      );
    } finally {
      await su.end();
    }
    await until(() => expect(one.listener.listening).toBe(false));
    await one.lookup('a4');
    await one.lookup('a4');
    expect(one.loads()).toBe(3);
    await until(() => expect(one.listener.listening).toBe(true), 10_000);
    await one.lookup('a4');
    await one.lookup('a4');
    expect(one.loads()).toBe(4);
  });

  it('does not keep what a lookup read while the agent was being changed', async () => {
    const cache = new AgentKeyCache();
    cache.setListening(true);
    let loads = 0;
    const load = () => {
      loads += 1;
      return new Promise<AgentKeyRow>((r) => setTimeout(() => r(row('a5')), 50));
    };
    const overlapping = cache.lookup('h-a5', load);
    cache.dropAgent('a5');
    await overlapping;
    await cache.lookup('h-a5', load);
    expect(loads).toBe(2);
  });
});
