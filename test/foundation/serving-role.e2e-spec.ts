import { Database } from '../../libs/database/src/database';
import { servingRoleName } from '../../libs/database/src/serving-role';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';

/**
 * The running service, started with the owner's URL as a newcomer would: its pool is a login
 * role that cannot change the log, whatever statement it runs (docs/adr/0010).
 */
describe('the service database connection', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
  });
  afterAll(() => env.close());

  it('is not the owner, cannot disable the triggers or rewrite the log, and cannot leave its role', async () => {
    const db = api.app.get(Database);
    const database = new URL(env.db.url).pathname.slice(1);
    expect(await db.query('SELECT current_user AS user')).toEqual([{ user: servingRoleName(database) }]);
    for (const sql of [
      'ALTER TABLE events DISABLE TRIGGER USER',
      `UPDATE events SET type = 'Forged'`,
      'DELETE FROM events',
      'TRUNCATE events CASCADE',
    ]) {
      await expect(db.query(sql)).rejects.toThrow(/must be owner|permission denied/);
    }
    // One connection, so the session commands apply to the statements after them.
    await db.transaction(async (tx) => {
      await tx.query('SAVEPOINT s');
      await tx.query('RESET ROLE');
      await expect(tx.query('ALTER TABLE events DISABLE TRIGGER USER')).rejects.toThrow(/must be owner/);
      await tx.query('ROLLBACK TO SAVEPOINT s');
      await expect(tx.query('SET ROLE postgres')).rejects.toThrow(/permission denied/);
      await tx.query('ROLLBACK TO SAVEPOINT s');
      await expect(tx.query('SET SESSION AUTHORIZATION postgres')).rejects.toThrow(/permission denied/);
      await tx.query('ROLLBACK TO SAVEPOINT s');
    });
    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(200);
  });
});
