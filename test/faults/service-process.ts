import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, OWNER, type Reply } from '../support/http';
import { cleanEnv, MAIN, ROOT } from '../support/process';

const UNLIMITED = '1000000/1s';

/** The built service (dist/) as a real process: faults that kill or stop it need one. */
export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** What it wrote to stderr, and to stdout unless stdout is left unread. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited(): Promise<number | string>;
  /** Whether the process has exited within `ms`. */
  exitsWithin(ms: number): Promise<boolean>;
  /** SIGKILL if still running, and remove its data dir. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A start on a loaded two-core CI machine (load average 25) has taken well over a minute. */
const READY_WITHIN_MS = 240_000;

/**
 * Starts dist/apps/api/src/main.js on `databaseUrl` with rate limits lifted, and waits until
 * /ready answers 200. `unreadStdout` leaves its stdout a pipe nobody reads, as a stuck log
 * shipper would: once the pipe's buffer is full, the log can no longer be written.
 */
export async function startService(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: { unreadStdout?: boolean } = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'kl-faults-'));
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: cleanEnv({
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      KEYLEDGER_DATA_DIR: dataDir,
      KEYLEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
      KEYLEDGER_JWT_SECRET: randomBytes(36).toString('base64'),
      KEYLEDGER_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
      KEYLEDGER_BOOTSTRAP_EMAIL: OWNER.email,
      KEYLEDGER_BOOTSTRAP_PASSWORD: OWNER.password,
      LOG_LEVEL: 'warn',
      ...Object.fromEntries(
        ['CREDENTIAL', 'PREAUTH', 'READ', 'ADMIN', 'REQUEST', 'LOGIN'].map((t) => [
          `KEYLEDGER_RATE_${t}`,
          UNLIMITED,
        ]),
      ),
      ...env,
    }),
  });
  let out = '';
  const keep = (chunk: Buffer) => (out = (out + chunk.toString()).slice(-200_000));
  child.stderr.on('data', keep);
  if (!options.unreadStdout) child.stdout.on('data', keep);
  const exit = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const service: ServiceProcess = {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    exited: () => exit,
    exitsWithin: (ms) => {
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        exit.then(() => true),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms))),
      ]).finally(() => clearTimeout(timer));
    },
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exit;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}):\n${out}`);
    const ready = await fetch(`${service.url}/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (ready === 200) return service;
    if (Date.now() > deadline) {
      await service.dispose();
      throw new Error(`the service was not ready within ${READY_WITHIN_MS / 1000} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** An owner token, a tool with a secret, an agent holding an approved grant for it. */
export async function seedGrant(url: string): Promise<{ token: string; agentKey: string; toolId: string }> {
  const ok = (res: Reply, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
    return res;
  };
  const login = ok(await call(url, 'POST', '/api/auth/login', { body: OWNER }), 'login');
  const token = login.body.access_token as string;
  const admin = (method: string, path: string, body?: unknown) => call(url, method, path, { token, body });
  ok(
    await admin('PUT', '/api/admin/policy', {
      separation_of_duties: false,
      reason: 'a one-person test org',
    }),
    'policy',
  );
  const tool = ok(
    await admin('POST', '/api/admin/tools', {
      name: `Faults ${randomBytes(3).toString('hex')}`,
      url: 'https://api.github.com',
      description: 'A tool for fault tests',
      auth_type: 'bearer_token',
      credential: 'ghp_fault_secret_1234567890',
    }),
    'add tool',
  ).body.tool as { id: string };
  const agent = ok(await admin('POST', '/api/admin/agents', { name: 'Prober' }), 'agent').body;
  const agentKey = agent.api_key as string;
  const asked = ok(
    await call(url, 'POST', `/api/tools/${tool.id}/request`, {
      token: agentKey,
      body: { reason: 'fault tests need it' },
    }),
    'request',
  );
  ok(await admin('POST', `/api/admin/requests/${asked.body.request_id}/approve`, {}), 'approve');
  return { token, agentKey, toolId: tool.id };
}

export interface LoopTally {
  /** Answers by status, and 'network' for requests that got no answer at all. */
  statuses: Record<string, number>;
  total: number;
}

/** `loops` concurrent keep-alive loops of `request` until `until()` says stop. */
export async function runLoops(
  loops: number,
  until: (tally: LoopTally) => boolean,
  request: () => Promise<Response>,
): Promise<LoopTally> {
  const tally: LoopTally = { statuses: {}, total: 0 };
  const count = (key: string) => {
    tally.statuses[key] = (tally.statuses[key] ?? 0) + 1;
    tally.total += 1;
  };
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (!until(tally)) {
        try {
          const res = await request();
          await res.arrayBuffer();
          count(String(res.status));
        } catch {
          count('network');
        }
      }
    }),
  );
  return tally;
}

/** Polls `probe` every 100 ms until it is true; answers the milliseconds it took, or null. */
export async function within(ms: number, probe: () => Promise<boolean>): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await probe().catch(() => false)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}
