import { Client } from 'pg';
import type { Database } from '../../../database/src/database';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { EventStore } from '../../../event-store/src/event-store';
import { TEST_LOG_MAC } from '../../../event-store/src/testing';
import { ProjectionRegistry } from '../../../event-store/src/projection';
import { rebuildProjections } from '../../../event-store/src/rebuild';
import { SubscriptionRunner } from '../../../event-store/src/subscription-runner';
import { snapshotReadModels } from '../../../../test/support/snapshot';
import { auditProjections } from '../audit.projections';
import { auditEventsProjection } from './audit-events.projection';
import type { AuditFilters } from './audit-filters';
import { listAuditEvents } from './list-events.query';

const ORGS = ['org-a', 'org-b'];
// Rows inserted past the append path need a MAC to be stored at all (migration 1764400014000);
// nothing here seals or verifies them, so any 36 bytes do.
const PLACEHOLDER_MAC = `decode(repeat('00', 36), 'hex')`;
// Types the inline access-intervals projection does not read: these rows go straight into the
// log, past the append path, and a rebuild must not find anything the inline path missed.
const TYPES = ['AccessRequested', 'ToolUpdated', 'CredentialVended', 'CredentialDenied', 'MemberLoginFailed'];

/** A seeded generator: a failing case can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/** Every page of the list for `filters`, `limit` at a time. */
async function walk(db: Database, orgId: string, filters: AuditFilters, limit: number) {
  const positions: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listAuditEvents(db, orgId, filters, { after, limit });
    positions.push(...page.events.map((e) => e.position));
    if (!page.next_cursor) return positions;
    after = page.next_cursor;
  }
}

describe('audit trail read model (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let db: Database;
  let store: EventStore;
  let registry: ProjectionRegistry;
  let runner: SubscriptionRunner;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await tdb.connect();
    registry = new ProjectionRegistry().register(...auditProjections);
    store = new EventStore(db, TEST_LOG_MAC, registry);
    runner = new SubscriptionRunner(db, store, registry.async(), { batchSize: 400 });
  });
  afterAll(() => tdb.drop());

  it('answers every filter combination exactly, even when occurred_at runs against commit order', async () => {
    // Events whose clock jumps back and forth by up to a minute against their position: the
    // time window's seq bounds must still find every one of them.
    await db.query(
      `INSERT INTO events (event_id, stream_id, stream_version, org_id, type, data, metadata, occurred_at, mac)
       SELECT gen_random_uuid(), 's-' || (i % 40), i / 40 + 1,
              CASE WHEN i % 29 = 0 THEN NULL WHEN i % 3 = 0 THEN 'org-b' ELSE 'org-a' END,
              ($1::text[])[1 + (i * 7) % 5],
              jsonb_build_object('agent_id', 'agent-' || (i % 3), 'tool_id', 'tool-' || (i % 4)),
              jsonb_build_object('org_id', 'x', 'correlation_id', 'c-' || i,
                'actor', jsonb_build_object('type', CASE WHEN i % 5 = 0 THEN 'member' ELSE 'agent' END,
                                            'id', CASE WHEN i % 5 = 0 THEN 'member-1' ELSE 'agent-' || (i % 3) END,
                                            'name', 'n')),
              timestamptz '2026-01-01' + i * interval '1 second' + ((i * 7919) % 121 - 60) * interval '1 second',
              ${PLACEHOLDER_MAC}
       FROM generate_series(1, 3000) AS i`,
      [TYPES],
    );
    await runner.catchUp();
    const [{ n }] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_events');
    expect(Number(n)).toBe(3000 - Math.floor(3000 / 29)); // org-less events are left out

    const next = random(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let round = 0; round < 120; round++) {
      const f: AuditFilters = { types: [] };
      if (next() < 0.4) f.types = [...new Set([pick(TYPES), ...(next() < 0.5 ? [pick(TYPES)] : [])])];
      if (next() < 0.3) f.agentId = pick(['agent-0', 'agent-1', 'agent-2', 'agent-9']);
      if (next() < 0.2) f.toolId = pick(['tool-0', 'tool-3']);
      if (next() < 0.2) f.actorType = pick(['member', 'agent', 'system']);
      if (next() < 0.25) f.actorId = pick(['member-1', 'agent-1', 'agent-2', 'nobody']);
      if (next() < 0.15) f.streamId = pick(['s-1', 's-17', 's-none']);
      if (next() < 0.5) f.from = new Date(base + Math.floor(next() * 3400 - 200) * 1000);
      if (next() < 0.5) f.to = new Date(base + Math.floor(next() * 3400 - 200) * 1000);
      const orgId = pick(ORGS);
      const expected = await db.query<{ position: string }>(
        `SELECT position::text AS position FROM audit_events
         WHERE org_id = $1 AND (cardinality($2::text[]) = 0 OR type = ANY($2))
           AND ($3::text IS NULL OR agent_id = $3) AND ($4::text IS NULL OR tool_id = $4)
           AND ($5::text IS NULL OR actor_type = $5) AND ($6::text IS NULL OR actor_id = $6)
           AND ($7::text IS NULL OR stream_id = $7)
           AND ($8::timestamptz IS NULL OR occurred_at >= $8) AND ($9::timestamptz IS NULL OR occurred_at < $9)
         ORDER BY seq`,
        [
          orgId,
          f.types,
          f.agentId ?? null,
          f.toolId ?? null,
          f.actorType ?? null,
          f.actorId ?? null,
          f.streamId ?? null,
          f.from ?? null,
          f.to ?? null,
        ],
      );
      const got = await walk(db, orgId, f, 1 + Math.floor(next() * 150));
      expect([round, f, got]).toEqual([round, f, expected.map((r) => r.position)]);
    }
  });

  it('numbers events in commit order, so a cursor never skips one committed late', async () => {
    const admin = async () => {
      const c = new Client({ connectionString: tdb.url });
      await c.connect();
      return c;
    };
    const [early, late] = [await admin(), await admin()];
    const insert = (c: Client, stream: string) =>
      c.query(
        `INSERT INTO events (event_id, stream_id, stream_version, org_id, type, data, metadata, mac)
         VALUES (gen_random_uuid(), $1, 1, 'org-c', 'Pinged', '{}',
                 '{"org_id": "org-c", "actor": {"type": "system", "id": "system", "name": "t"}, "correlation_id": "c"}',
                 ${PLACEHOLDER_MAC})
         RETURNING position::text AS position`,
        [stream],
      );
    // `early` takes its transaction id first; `late` then takes the lower position, and
    // commits last.
    await early.query('BEGIN');
    await early.query('SELECT pg_current_xact_id()');
    await late.query('BEGIN');
    await late.query('SELECT pg_current_xact_id()');
    const lowPosition = (await insert(late, 'late-1')).rows[0].position;
    const highPosition = (await insert(early, 'early-1')).rows[0].position;
    expect(BigInt(lowPosition)).toBeLessThan(BigInt(highPosition));
    await early.query('COMMIT');
    const seen = async (after?: string) => listAuditEvents(db, 'org-c', { types: [] }, { after, limit: 100 });
    let first = await seen();
    for (let i = 0; i < 100 && first.events.length === 0; i++) {
      await runner.runOnce(auditEventsProjection);
      first = await seen();
    }
    expect(first.events.map((e) => e.position)).toEqual([highPosition]);
    await late.query('COMMIT');
    await Promise.all([early.end(), late.end()]);
    await runner.catchUp();
    // A reader that tailed with the cursor it was given sees the late commit, lower position
    // and all.
    const then = await seen(first.resume_cursor!);
    expect(then.events.map((e) => e.position)).toEqual([lowPosition]);
    const [{ gaps }] = await db.query<{ gaps: string }>(
      'SELECT (max(seq) - count(*))::text AS gaps FROM audit_events',
    );
    expect(gaps).toBe('0');
  });

  it('rebuilds to exactly the rows the async and inline paths wrote', async () => {
    const meta = (orgId: string) => ({
      org_id: orgId,
      actor: { type: 'member' as const, id: 'm-1', name: 'Ann' },
      correlation_id: 'c',
      causation_id: null,
      ip: '10.0.0.1',
      user_agent: 'ua',
    });
    const ev = (type: string, data: Record<string, unknown>) => ({ type, data });
    await store.append('agent-r', 0, [ev('AgentKeyIssued', { agent_id: 'r', key_id: 'k-r' })], meta('org-r'));
    await store.append(
      'access-g',
      0,
      [
        ev('AccessApproved', {
          request_id: 'g',
          agent_id: 'r',
          tool_id: 't',
          approved_by: 'm-1',
          approved_at: new Date().toISOString(),
          expires_at: null,
        }),
      ],
      meta('org-r'),
    );
    await store.append('agent-r', 1, [ev('AgentSuspended', { agent_id: 'r', reason: 'x' })], meta('org-r'));
    await store.append('agent-r', 2, [ev('AgentReactivated', { agent_id: 'r', reason: 'y' })], meta('org-r'));
    await store.append('tool-t', 'any', [ev('ToolRetired', { tool_id: 't' })], meta('org-r'));
    await store.append('keyring', 'any', [ev('MasterKeyRotated', { kek_version: 2 })], meta(null as never));
    await runner.catchUp();
    const before = await snapshotReadModels(db, registry);
    expect(before.access_intervals).toHaveLength(1);
    expect(before.agent_suspensions).toHaveLength(1);
    expect(before.audit_watermark).toHaveLength(1);
    // The rebuild replaces, not merges: a stray row (the table refuses UPDATE) must go.
    await db.query(
      `INSERT INTO audit_events (seq, position, stream_id, stream_version, org_id, type, event_version, data,
         metadata, actor_type, actor_id, occurred_at, occurred_hw)
       VALUES (999999, 999999, 'stray', 1, 'org-r', 'Tampered', 1, '{}', '{}', 'system', 'x', now(), now())`,
    );
    const progress = await rebuildProjections(db, store, registry, undefined, 700);
    expect(progress.done).toBe(progress.total);
    expect(await snapshotReadModels(db, registry)).toEqual(before);
  });
});
