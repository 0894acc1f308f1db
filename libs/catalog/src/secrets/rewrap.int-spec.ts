import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import type { Database } from '../../../database/src/database';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { rewrapAllSecrets } from './rewrap';
import { SecretUnreadableError } from './secret-unreadable.error';
import { SecretVault } from './secret-vault';

const ORG = 'org-rotate';
const keyA = randomBytes(32);
const keyB = randomBytes(32);
const secretOf = (i: number) =>
  i % 2 ? `token-${i}-rotation-spec` : { user: `u${i}`, password: `p-${i}-rotation-spec` };

describe('master-key rotation (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let db: Database;
  let admin: Client;
  const snapshot = async () =>
    (
      await admin.query(
        `SELECT tool_id, scope, version, encode(ciphertext, 'hex') AS ct, encode(iv, 'hex') AS iv,
                encode(tag, 'hex') AS tag, encode(wrapped_key, 'hex') AS wk, kek_version
         FROM secret_versions ORDER BY tool_id, scope, version`,
      )
    ).rows;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await tdb.connect();
    admin = await tdb.admin();
    const underA = new SecretVault({ masterKeys: [keyA] });
    for (let i = 0; i < 23; i++) {
      await db.transaction((tx) =>
        underA.store(tx, {
          orgId: ORG,
          toolId: `tool-${i % 7}`,
          scope: i > 18 ? `agent-${i}` : null,
          version: i + 1,
          credential: secretOf(i),
        }),
      );
    }
  });
  afterAll(() => tdb.drop());

  it('re-wraps every data key under the new key without touching ciphertexts; the old key is then unneeded', async () => {
    const before = await snapshot();
    const report = await rewrapAllSecrets(db, [keyB, keyA], { batchSize: 5 });
    expect(report).toEqual({ kekVersion: 2, rewrapped: 23, stragglers: 0, unreadable: [] });

    const after = await snapshot();
    expect(after).toHaveLength(23);
    after.forEach((row, i) => {
      expect(row).toMatchObject({ ct: before[i].ct, iv: before[i].iv, tag: before[i].tag, kek_version: 2 });
      expect(row.wk).not.toBe(before[i].wk);
    });

    const onlyB = new SecretVault({ masterKeys: [keyB] });
    const onlyA = new SecretVault({ masterKeys: [keyA] });
    for (const { tool_id, scope, version } of after) {
      const key = { orgId: ORG, toolId: tool_id, scope: scope || null };
      const latest = await onlyB.readCurrent(db, key);
      expect(latest).toEqual({ version: expect.any(Number), credential: secretOf(latest!.version - 1) });
      expect(latest!.version).toBeGreaterThanOrEqual(version);
      await expect(onlyA.readCurrent(db, key)).rejects.toBeInstanceOf(SecretUnreadableError);
    }
  });

  it('catches rows an instance still on the old key wrote meanwhile, and reports rows no key opens', async () => {
    const storeUnder = (key: Buffer, toolId: string, credential: string) =>
      db.transaction((tx) =>
        new SecretVault({ masterKeys: [key] }).store(tx, {
          orgId: ORG,
          toolId,
          scope: null,
          version: 1,
          credential,
        }),
      );
    await storeUnder(randomBytes(32), 'lost', 'y');
    let inserted = false;
    const report = await rewrapAllSecrets(db, [keyB, keyA], {
      batchSize: 5,
      // After the first batch, an instance still on key A adds a row behind the cursor.
      onBatch: async () => {
        if (!inserted) await storeUnder(keyA, 'a-late', 'x');
        inserted = true;
      },
    });
    expect(report.stragglers).toBe(1);
    expect(report.rewrapped).toBe(24);
    expect(report.unreadable).toEqual([
      { tool_id: 'lost', scope: '', version: 1, reason: expect.stringMatching(/did not unwrap/) },
    ]);
    const onlyB = new SecretVault({ masterKeys: [keyB] });
    expect(await onlyB.readCurrent(db, { orgId: ORG, toolId: 'a-late', scope: null })).toEqual({
      version: 1,
      credential: 'x',
    });
  });
});
