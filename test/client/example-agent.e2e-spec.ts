import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unwrap } from '../../packages/client/src';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { ROOT } from '../support/process';
import { addTool, registerAgent, staff } from './staff';

jest.setTimeout(120_000);

const SECRET = 'ghp_example_agent_secret_9f8e7d6c5b4a';

/** Runs the example as its own process, as a developer would, in the given directory. */
function runExample(cwd: string, env: NodeJS.ProcessEnv) {
  const ts = join(ROOT, 'node_modules/ts-node/dist/bin.js');
  const args = [ts, '-P', join(ROOT, 'examples/tsconfig.json'), join(ROOT, 'examples/agent/agent.ts')];
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { exited, output: () => ({ stdout, stderr }) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * examples/agent runs as its own process, in an empty working directory with its own TMPDIR,
 * while an approver approves in parallel; the "tool" is a local server that records what it got.
 */
describe('the example agent', () => {
  let env: TestEnv;
  let api: RunningApp;
  let toolServer: Server;
  const received: string[] = [];
  const sandbox = mkdtempSync(join(tmpdir(), 'keyledger-agent-'));

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
    toolServer = createServer((req, res) => {
      received.push(req.headers.authorization ?? '');
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => toolServer.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => toolServer.close(resolve));
    await env.close();
    rmSync(sandbox, { recursive: true, force: true });
  });

  it('requests access, waits with backoff while a human approves, uses the credential, writes it nowhere', async () => {
    const { owner, approver } = await staff(api);
    const address = toolServer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const tool = await addTool(owner, 'Example Tool', SECRET);
    const agent = await registerAgent(owner, 'Example-Agent');
    const cwd = join(sandbox, 'cwd');
    const tmp = join(sandbox, 'tmp');
    for (const dir of [cwd, tmp]) mkdirSync(dir);

    const child = runExample(cwd, {
      PATH: process.env.PATH,
      HOME: cwd,
      TMPDIR: tmp,
      KEYLEDGER_URL: api.url,
      KEYLEDGER_API_KEY: agent.key,
      KEYLEDGER_TOOL: tool.name,
      KEYLEDGER_REASON: 'check the example agent end to end',
      KEYLEDGER_MAX_WAIT_SECONDS: '60',
      KEYLEDGER_POLL_MS: '200',
      KEYLEDGER_TASK_URL: `http://127.0.0.1:${port}/whoami`,
    });

    // The approver sees the request appear, reads the reason, approves.
    let requestId: string | undefined;
    for (let i = 0; i < 200 && !requestId; i++) {
      const { requests } = await unwrap(
        approver.GET('/api/admin/requests', { params: { query: { status: 'pending' } } }),
      );
      requestId = requests.find(
        (r) => r.tool_id === tool.id && r.reason === 'check the example agent end to end',
      )?.id;
      if (!requestId) await new Promise((r) => setTimeout(r, 100));
    }
    expect(requestId).toBeDefined();
    await new Promise((r) => setTimeout(r, 500)); // let the agent poll a few times first
    await unwrap(
      approver.POST('/api/admin/requests/{requestId}/approve', {
        params: { path: { requestId: requestId! } },
        body: {},
      }),
    );

    const code = await child.exited;
    const { stdout, stderr } = child.output();
    expect({ code, stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(stdout)).toEqual({ tool: tool.name, taskStatus: 204 });
    expect(stderr).toMatch(/asked for Example Tool/);
    expect(received).toEqual([`Bearer ${SECRET}`]);
    expect(stdout + stderr).not.toContain(SECRET);
    const leaked = filesUnder(sandbox).filter((f) => readFileSync(f).includes(SECRET));
    expect(leaked).toEqual([]);
  });
});
