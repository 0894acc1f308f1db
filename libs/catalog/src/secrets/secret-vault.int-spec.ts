import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import type { Database } from '../../../database/src/database';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { SecretUnreadableError } from './secret-unreadable.error';
import { SecretVault } from './secret-vault';

const PLAINTEXT = 'ghp_int-spec-Zr9vQ-unmistakable-secret';
const ORG = 'org-vault';

describe('secret vault (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let db: Database;
  let admin: Client;
  const vault = new SecretVault({ masterKeys: [randomBytes(32)] });
  const store = (
    toolId: string,
    version: number,
    credential: string | Record<string, string>,
    scope: string | null = null,
  ) => db.transaction((tx) => vault.store(tx, { orgId: ORG, toolId, scope, version, credential }));
  const read = (toolId: string, scope: string | null = null) =>
    vault.readCurrent(db, { orgId: ORG, toolId, scope });

  /** Expects a clear SecretUnreadableError whose text holds no plaintext. */
  async function expectUnreadable(toolId: string, reason: string, scope: string | null = null) {
    const error = await read(toolId, scope).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SecretUnreadableError);
    const unreadable = error as SecretUnreadableError;
    expect(unreadable.reason).toBe(reason);
    expect(unreadable.message).toMatch(new RegExp(`tool ${toolId}.*could not be decrypted`));
    for (const text of [
      unreadable.message,
      unreadable.diagnostic,
      JSON.stringify(unreadable),
      String(unreadable.stack),
    ]) {
      expect(text).not.toContain(PLAINTEXT);
      expect(text).not.toContain('unmistakable');
    }
  }

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await tdb.connect();
    admin = await tdb.admin();
  });
  afterAll(() => tdb.drop());

  it('answers the newest version of a (tool, scope), keeping strings and objects apart', async () => {
    expect(await read('t-round')).toBeNull();
    await store('t-round', 1, 'first');
    await store('t-round', 2, PLAINTEXT);
    await store('t-round', 1, { username: 'bot', password: PLAINTEXT }, 'agent-7');
    await store('t-json', 1, '{"looks":"like json"}');
    expect(await read('t-round')).toEqual({ version: 2, credential: PLAINTEXT });
    expect(await read('t-round', 'agent-7')).toEqual({
      version: 1,
      credential: { username: 'bot', password: PLAINTEXT },
    });
    expect(await read('t-json')).toEqual({ version: 1, credential: '{"looks":"like json"}' });
    expect(await vault.readCurrent(db, { orgId: 'another-org', toolId: 't-round', scope: null })).toBeNull();
    expect(await vault.latestVersion(db, { orgId: ORG, toolId: 't-round', scope: null })).toBe(2);
    expect(await vault.latestVersion(db, { orgId: ORG, toolId: 't-round', scope: 'agent-8' })).toBe(0);
  });

  it('fails cleanly when one bit of the ciphertext, its tag or its wrapped key is flipped', async () => {
    for (const [toolId, column, reason] of [
      ['t-flip-ct', 'ciphertext', 'decrypt'],
      ['t-flip-tag', 'tag', 'decrypt'],
      ['t-flip-key', 'wrapped_key', 'unwrap'],
    ]) {
      await store(toolId, 1, PLAINTEXT);
      expect(await read(toolId)).toEqual({ version: 1, credential: PLAINTEXT });
      await admin.query(
        `UPDATE secret_versions SET ${column} = set_bit(${column}, 5, 1 - get_bit(${column}, 5)) WHERE tool_id = $1`,
        [toolId],
      );
      await expectUnreadable(toolId, reason);
    }
  });

  it("refuses a ciphertext moved onto another tool's, version's or agent's row", async () => {
    await store('t-source', 1, PLAINTEXT);
    await store('t-source', 1, PLAINTEXT, 'agent-1');
    await store('t-victim', 1, 'victim-secret');
    await store('t-source', 2, 'second');
    await store('t-source', 1, 'agent two', 'agent-2');
    const copy = (target: string, where: string, params: unknown[]) =>
      admin.query(
        `UPDATE secret_versions d SET ciphertext = s.ciphertext, iv = s.iv, tag = s.tag, wrapped_key = s.wrapped_key,
           wrap_iv = s.wrap_iv, wrap_tag = s.wrap_tag, kek_version = s.kek_version, format = s.format
         FROM secret_versions s WHERE s.tool_id = 't-source' AND s.scope = $1 AND s.version = 1 AND ${where}`,
        [target, ...params],
      );
    await copy('', `d.tool_id = $2`, ['t-victim']);
    await expectUnreadable('t-victim', 'unwrap');
    await copy('', `d.tool_id = 't-source' AND d.scope = '' AND d.version = $2`, [2]);
    await expectUnreadable('t-source', 'unwrap');
    await copy('agent-1', `d.tool_id = 't-source' AND d.scope = $2`, ['agent-2']);
    await expectUnreadable('t-source', 'unwrap', 'agent-2');
  });

  it('never stores the plaintext in the row, and fails without the master key', async () => {
    await store('t-at-rest', 1, PLAINTEXT);
    const { rows } = await admin.query(
      `SELECT t::text AS row FROM secret_versions t WHERE tool_id = 't-at-rest'`,
    );
    expect(rows[0].row).not.toContain(Buffer.from(PLAINTEXT).toString('hex'));
    expect(rows[0].row).not.toContain(PLAINTEXT);
    const stranger = new SecretVault({ masterKeys: [randomBytes(32)] });
    await expect(
      stranger.readCurrent(db, { orgId: ORG, toolId: 't-at-rest', scope: null }),
    ).rejects.toBeInstanceOf(SecretUnreadableError);
  });
});
