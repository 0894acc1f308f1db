import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LogMac } from '../../libs/event-store/src/log-mac';

export const BOOTSTRAP = { email: 'bench@example.com', password: 'bench-password-123' };
const ROOT = resolve(__dirname, '../..');
// BENCH_DIST points at another build of the service, e.g. a private one outside the work tree
// that concurrent rebuilds of dist/ cannot break (see bench/README.md); NODE_PATH lets it
// find the project's node_modules from there.
const MAIN = resolve(ROOT, process.env.BENCH_DIST || 'dist', 'apps/api/src/main.js');
// Rate limits lifted. A one-second window, not a minute: @nestjs/throttler's in-memory storage
// keeps one timestamp per hit in the window and filters them all on every request, so a
// minute of benchmark traffic from one IP (the preauth tier) would bill the service for a list
// that real limits (600/min per IP) never let grow.
const UNLIMITED = '1000000/1s';

export interface RunningService {
  url: string;
  pid: number;
  rss: RssSampler;
  /** SIGTERM, then wait for a clean exit (which is when --cpu-prof writes its profile). */
  stop(): Promise<void>;
}

/** Which build of the service a run measured: the code changes under a long-lived bench. */
export function serviceBuild(): { main: string; built_at: string } {
  return { main: MAIN, built_at: existsSync(MAIN) ? statSync(MAIN).mtime.toISOString() : 'missing' };
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

/** Peak resident memory of a process, read from /proc every `everyMs`. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  peakMb = 0;
  lastMb = 0;

  constructor(private readonly pid: number) {}

  start(everyMs = 500): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  /** Forgets the peak so far: the next peak is the one of the phase that follows. */
  resetPeak(): void {
    this.peakMb = this.lastMb;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private sample(): void {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      if (!match) return;
      this.lastMb = Math.round(Number(match[1]) / 1024);
      this.peakMb = Math.max(this.peakMb, this.lastMb);
    } catch {
      /* the process has exited */
    }
  }
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/ready`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the service was not ready within 60 s:\n${output()}`);
}

/**
 * The master key of the service a bench starts, and of the bench's own appends and sealing:
 * the log's MACs are derived from it, and the service checks the bench's rows by them.
 */
export const BENCH_MASTER_KEY = randomBytes(32);
export const BENCH_LOG_MAC = new LogMac([BENCH_MASTER_KEY]);

/** Starts the built service (`npm run build` first) against `databaseUrl`, rate limits lifted. */
export async function startService(databaseUrl: string, cpuProfDir: string | null): Promise<RunningService> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const port = await freePort();
  const flags = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...flags, MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_PATH: join(ROOT, 'node_modules'),
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      KEYLEDGER_MASTER_KEY: BENCH_MASTER_KEY.toString('base64'),
      KEYLEDGER_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
      KEYLEDGER_DATA_DIR: mkdtempSync(join(tmpdir(), 'kl-bench-')),
      KEYLEDGER_JWT_SECRET: randomBytes(36).toString('base64'),
      KEYLEDGER_BOOTSTRAP_EMAIL: BOOTSTRAP.email,
      KEYLEDGER_BOOTSTRAP_PASSWORD: BOOTSTRAP.password,
      LOG_LEVEL: 'warn',
      KEYLEDGER_RATE_CREDENTIAL: UNLIMITED,
      KEYLEDGER_RATE_PREAUTH: UNLIMITED,
      KEYLEDGER_RATE_READ: UNLIMITED,
      KEYLEDGER_RATE_ADMIN: UNLIMITED,
      KEYLEDGER_RATE_REQUEST: UNLIMITED,
      KEYLEDGER_RATE_HEAVY: UNLIMITED,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child, () => tail);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const rss = new RssSampler(child.pid!);
  rss.start();
  return {
    url,
    pid: child.pid!,
    rss,
    stop: async () => {
      rss.stop();
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
