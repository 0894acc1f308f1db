import { randomBytes } from 'node:crypto';
import type { Database } from '../../database/src/database';
import { EventStore } from '../../event-store/src/event-store';
import { ProjectionRegistry } from '../../event-store/src/projection';
import { rebuildProjections } from '../../event-store/src/rebuild';
import { systemMetadata, TEST_LOG_MAC } from '../../event-store/src/testing';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { snapshotReadModels } from '../../../test/support/snapshot';
import { catalogProjections } from './catalog.projections';
import { SecretVault } from './secrets/secret-vault';
import { type ToolCommand, toolDecider } from './tool.decider';

const ORG = 'org-projection';

describe('catalog projection (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let db: Database;
  let store: EventStore;
  const registry = new ProjectionRegistry().register(...catalogProjections);
  const run = async (command: ToolCommand) => {
    const history = await store.readStream(`tool-${command.toolId}`);
    const state = history.reduce((s, e) => toolDecider.evolve(s, e), toolDecider.initialState());
    await store.append(
      `tool-${command.toolId}`,
      history.length,
      toolDecider.decide(command, state),
      systemMetadata(ORG),
    );
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await tdb.connect();
    store = new EventStore(db, TEST_LOG_MAC, registry);
  });
  afterAll(() => tdb.drop());

  it('rebuilds tools and instruction history exactly, and leaves secret versions alone', async () => {
    const target = { orgId: ORG, toolId: 't1' };
    await run({
      ...target,
      kind: 'add',
      fields: { name: 'GitHub', authType: 'bearer_token', instructions: 'v1' },
    });
    await run({ ...target, kind: 'update', fields: { instructions: 'v2', url: 'https://github.com' } });
    await run({
      ...target,
      kind: 'update',
      fields: { description: 'code', credentialExpiresAt: '2030-01-01T00:00:00Z' },
    });
    await run({ ...target, kind: 'set-secret', secret: { fingerprint: 'f1' } });
    await run({ orgId: ORG, toolId: 't2', kind: 'add', fields: { name: 'Slack', authType: 'api_key' } });
    await run({ orgId: ORG, toolId: 't2', kind: 'retire', reason: 'unused' });
    const vault = new SecretVault({ masterKeys: [randomBytes(32)] });
    await db.transaction((tx) => vault.store(tx, { ...target, scope: null, version: 1, credential: 'kept' }));

    const before = await snapshotReadModels(db, registry);
    expect(before.tool_instructions).toHaveLength(2);
    const [t1] = await db.query<Record<string, unknown>>(`SELECT * FROM tools WHERE id = 't1'`);
    expect(t1).toMatchObject({
      instructions: 'v2',
      instructions_version: 2,
      secret_version: 1,
      description: 'code',
    });
    expect((await db.query(`SELECT status, retired_reason FROM tools WHERE id = 't2'`))[0]).toEqual({
      status: 'retired',
      retired_reason: 'unused',
    });

    await db.query(`UPDATE tools SET name = 'tampered'`);
    await rebuildProjections(db, store, registry);
    expect(await snapshotReadModels(db, registry)).toEqual(before);
    expect(await vault.readCurrent(db, { ...target, scope: null })).toEqual({
      version: 1,
      credential: 'kept',
    });
  });
});
