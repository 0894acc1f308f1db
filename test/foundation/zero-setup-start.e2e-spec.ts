import { existsSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, CLI, cleanEnv, MAIN, spawnNode, stopSpawned } from '../support/process';

// Each test starts the service (and PostgreSQL) two or three times: allow for a busy shared machine.
jest.setTimeout(600_000);

/**
 * `npm start` with no configuration: embedded PostgreSQL, keys, first owner, clean stop. The
 * data dir sits in a mode-700 directory, like a checkout in /root or `mktemp -d`: as root, the
 * `postgres` user cannot reach it, and the start must work all the same.
 */
describe('zero-setup start', () => {
  const home = mkdtempSync(join(tmpdir(), 'keyledger-start-'));
  const dataDir = join(home, '.keyledger');
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const env = cleanEnv({ PORT: port, KEYLEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'info' });

  beforeAll(assertBuilt);
  afterEach(stopSpawned);
  afterAll(() => {
    // As root the cluster was placed outside the home (/var/lib/keyledger/embedded): remove it too.
    if (existsSync(join(dataDir, 'pg')))
      rmSync(realpathSync(join(dataDir, 'pg')), { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('starts on an embedded database, creates the owner once, stops cleanly and starts again on the same data', async () => {
    const first = spawnNode(MAIN, [], env);
    await first.waitFor(/keyledger is listening/);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
    expect(first.output()).toMatch(/password: \S{16,}/);
    expect(first.output()).toContain('admin@localhost');
    for (const file of ['master.key', 'signing-key.pem', 'jwt.secret']) {
      expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
    }
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);
    first.child.kill('SIGINT');
    expect(await first.exited()).toBe(0);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false); // PostgreSQL stopped cleanly

    const second = spawnNode(MAIN, [], env);
    await second.waitFor(/keyledger is listening/);
    expect(second.output()).not.toMatch(/password:/);
    expect(second.output()).not.toMatch(/created the default org/);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited()).toBe(0);

    // The log survived both runs intact: exactly the org and its owner, hash chain sound.
    const verify = spawnNode(CLI, ['audit', 'verify'], env);
    expect(await verify.exited()).toBe(0);
    const result = JSON.parse(verify.output().slice(verify.output().indexOf('{'))) as Record<string, unknown>;
    expect(result).toMatchObject({ ok: true, sealed_events: 2 });
  });

  it('says in a line or two why it cannot start and what to do, without a stack trace', async () => {
    const first = spawnNode(MAIN, [], env);
    await first.waitFor(/keyledger is listening/);
    const second = spawnNode(MAIN, [], cleanEnv({ PORT: '0', KEYLEDGER_DATA_DIR: dataDir }));
    expect(await second.exited()).toBe(1);
    first.child.kill('SIGINT');
    expect(await first.exited()).toBe(0);
    expect(second.output()).toMatch(/failed to start: another PostgreSQL already runs on .*\n {2}fix: /);
    expect(second.output()).not.toMatch(/^\s+at /m);

    const unreachable = spawnNode(MAIN, [], cleanEnv({ DATABASE_URL: 'postgres://kl@127.0.0.1:1/kl' }));
    expect(await unreachable.exited()).toBe(1);
    expect(unreachable.output()).toContain('cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED)\n  fix: ');
    expect(unreachable.output()).not.toMatch(/^\s+at /m);
  });

  it('after the service was killed outright, stops the PostgreSQL it left behind and starts on the same data', async () => {
    const killed = spawnNode(MAIN, [], env);
    await killed.waitFor(/keyledger is listening/);
    killed.child.kill('SIGKILL');
    await killed.exited();
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(true); // its PostgreSQL still runs

    const next = spawnNode(MAIN, [], env);
    await next.waitFor(/keyledger is listening/);
    expect(next.output()).toMatch(/stopping PostgreSQL \d+, left running on .* by an earlier start/);
    expect(next.output()).not.toMatch(/created the default org/);
    next.child.kill('SIGINT');
    expect(await next.exited()).toBe(0);
  });

  it('refuses to start in production without DATABASE_URL, naming the variable', async () => {
    const prod = spawnNode(MAIN, [], cleanEnv({ NODE_ENV: 'production', PORT: port }));
    expect(await prod.exited()).toBe(2);
    expect(prod.output()).toContain('DATABASE_URL');
  });
});
