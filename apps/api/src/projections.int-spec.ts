import { randomUUID } from 'node:crypto';
import { Database } from '../../../libs/database/src/database';
import { EventStore } from '../../../libs/event-store/src/event-store';
import { ProjectionRegistry } from '../../../libs/event-store/src/projection';
import { rebuildProjections } from '../../../libs/event-store/src/rebuild';
import { SubscriptionRunner } from '../../../libs/event-store/src/subscription-runner';
import { systemMetadata, TEST_LOG_MAC } from '../../../libs/event-store/src/testing';
import { bootstrapOwner } from '../../../libs/identity/src/bootstrap/bootstrap-owner';
import { memberDecider } from '../../../libs/identity/src/add-member/add-member.decider';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { snapshotReadModels } from '../../../test/support/snapshot';
import { ALL_PROJECTIONS } from './projections';

describe('projections are pure functions of the log', () => {
  let tdb: TestDatabase;
  let db: Database;
  let store: EventStore;
  let registry: ProjectionRegistry;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await tdb.connect();
    registry = new ProjectionRegistry().register(...ALL_PROJECTIONS);
    store = new EventStore(db, TEST_LOG_MAC, registry);
  });
  afterAll(() => tdb.drop());

  it('rebuilding every read model from the log yields the rows the inline path wrote', async () => {
    const boot = await bootstrapOwner(db, store, {
      email: 'owner@example.com',
      password: 'a long enough password',
    });
    for (const role of ['admin', 'approver', 'auditor', 'viewer'] as const) {
      const memberId = randomUUID();
      await store.append(
        `member-${memberId}`,
        0,
        memberDecider.decide(
          { memberId, orgId: boot.orgId!, email: `${role}@example.com`, role },
          { exists: false },
        ),
        systemMetadata(boot.orgId),
      );
    }
    await new SubscriptionRunner(db, store, registry.async()).catchUp();
    const before = await snapshotReadModels(db, registry);
    expect(before.members).toHaveLength(5);

    // Corrupt a read model to prove the rebuild replaces, not merges.
    await db.query(`UPDATE members SET role = 'owner'`);
    const progress = await rebuildProjections(db, store, registry);
    expect(progress.done).toBe(progress.total);
    expect(await snapshotReadModels(db, registry)).toEqual(before);
  });
});
