import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { StartupError } from '../../common/src/startup-error';
import { EventStore } from '../../event-store/src/event-store';
import { systemMetadata, TEST_LOG_MAC } from '../../event-store/src/testing';
import type { Database } from './database';
import { servingRoleName, servingUrl } from './serving-role';

const ping = (n: number) => ({ type: 'Pinged', data: { n } });

/** docs/adr/0010: the service migrates as the owner and serves as a role that cannot change the log. */
describe('the login role the service serves as', () => {
  let tdb: TestDatabase;
  let serving: Database;
  let superuser: string;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const owner = await tdb.connect({ poolSize: 1 });
    await new EventStore(owner, TEST_LOG_MAC).append('thing-1', 0, [ping(1)], systemMetadata());
    [{ superuser }] = await owner.query<{ superuser: string }>('SELECT current_user AS superuser');
    // One connection: session settings (RESET ROLE, SET ROLE) stay on the connection tested.
    serving = await tdb.serving({ poolSize: 1 });
  });
  afterAll(() => tdb.drop());

  it('logs in as a role of its own for this database, and reads and appends', async () => {
    const [{ user, database }] = await serving.query<{ user: string; database: string }>(
      'SELECT current_user AS user, current_database() AS database',
    );
    expect(user).toBe(servingRoleName(database));
    await new EventStore(serving, TEST_LOG_MAC).append('thing-2', 0, [ping(2)], systemMetadata());
    expect(await serving.query('SELECT count(*)::int AS n FROM events')).toEqual([{ n: 2 }]);
  });

  it.each([
    'ALTER TABLE events DISABLE TRIGGER USER',
    'ALTER TABLE events DISABLE TRIGGER events_append_only_rows',
    'ALTER TABLE event_seals DISABLE TRIGGER ALL',
    'DROP TRIGGER events_append_only_truncate ON events',
    `UPDATE events SET type = 'Forged'`,
    'DELETE FROM events',
    'TRUNCATE events CASCADE',
    'TRUNCATE signed_checkpoints',
    'CREATE TRIGGER forge BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION keyledger_append_only()',
  ])('cannot %s', async (sql) => {
    await expect(serving.query(sql)).rejects.toThrow(/must be owner|permission denied/);
  });

  it('cannot leave its role: RESET ROLE keeps it, SET ROLE and SET SESSION AUTHORIZATION are refused', async () => {
    const [{ user }] = await serving.query<{ user: string }>('SELECT current_user AS user');
    await serving.query('RESET ROLE');
    expect(await serving.query('SELECT current_user AS user')).toEqual([{ user }]);
    await expect(serving.query(`UPDATE events SET type = 'Forged'`)).rejects.toThrow(/permission denied/);
    await expect(serving.query(`SET ROLE ${superuser}`)).rejects.toThrow(/permission denied/);
    await expect(serving.query(`SET SESSION AUTHORIZATION ${superuser}`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(serving.query('ALTER TABLE events DISABLE TRIGGER USER')).rejects.toThrow(/must be owner/);
  });

  it('is made once per database, by concurrent starts without a failure, and kept by restarts', async () => {
    const secret = decodeURIComponent(new URL(tdb.url).password) || 'trust';
    const starts = await Promise.all([1, 2, 3, 4].map(() => servingUrl(tdb.url, { secret })));
    expect(new Set(starts.map((s) => s.url)).size).toBe(1);
    const client = new Client({ connectionString: starts[0].url });
    await client.connect();
    expect((await client.query('SELECT current_user AS user')).rows).toEqual([{ user: starts[0].role }]);
    await client.end();
    // Given a URL that already cannot change the log, the service serves as that.
    expect(await servingUrl(starts[0].url, { secret })).toEqual({ ...starts[0], asGiven: true });
  });

  it('refuses to turn a powerful role into the one it serves as', async () => {
    const attempt = servingUrl(tdb.url, { secret: 'x', role: superuser });
    await expect(attempt).rejects.toThrow(StartupError);
    await expect(attempt).rejects.toThrow(new RegExp(`refusing to serve as ${superuser}: it is a superuser`));
  });
});
