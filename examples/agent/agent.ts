/**
 * An example agent that uses Keyledger as intended, through the generated client: it looks the
 * tool up, asks for access with a reason, waits for a human (polling with exponential backoff and
 * full jitter, bounded), fetches the credential only when it does the work, and keeps it in memory.
 *
 *   KEYLEDGER_API_KEY=klk_… KEYLEDGER_TOOL=GitHub npm run example:agent
 */
import {
  createKeyledgerClient,
  type KeyledgerClient,
  KeyledgerError,
  type Schemas,
  unwrap,
} from '../../packages/client/src';

type Tool = Schemas['AgentToolDto'];
type Credential = Schemas['CredentialResponseDto'];

export interface AgentConfig {
  baseUrl: string;
  apiKey: string;
  /** The tool's name or id. */
  tool: string;
  /** What a human reads when deciding: what the agent will do and why. */
  reason: string;
  /** The agent stops waiting for a decision after this long. */
  maxWaitMs: number;
  /** The work: a GET with the credential (defaults to the tool's URL). */
  taskUrl?: string;
  backoff?: { initialMs: number; maxMs: number };
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: a random wait up to the exponential bound, so many agents do not poll in step. */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random = Math.random,
): number {
  return Math.floor(random() * Math.min(maxMs, initialMs * 2 ** attempt));
}

async function findTool(client: KeyledgerClient, wanted: string): Promise<Tool | undefined> {
  const { tools } = await unwrap(client.GET('/api/tools'));
  return tools.find((t) => t.id === wanted || t.name.toLowerCase() === wanted.toLowerCase());
}

/** Asks once (asking again while pending answers the same request), then waits for a human. */
async function ensureAccess(client: KeyledgerClient, tool: Tool, config: AgentConfig): Promise<void> {
  const log = config.log ?? (() => undefined);
  const path = { params: { path: { toolId: tool.id } } };
  if (tool.your_access === 'approved') return;
  if (tool.your_access !== 'pending') {
    const asked = await unwrap(
      client.POST('/api/tools/{toolId}/request', { ...path, body: { reason: config.reason } }),
    );
    log(`asked for ${tool.name}: ${asked.message}`);
    if (asked.status === 'approved') return;
  }
  const { initialMs, maxMs } = config.backoff ?? { initialMs: 1000, maxMs: 30_000 };
  const deadline = Date.now() + config.maxWaitMs;
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    await sleep(Math.min(backoffDelay(attempt, initialMs, maxMs), deadline - Date.now()));
    const { data, error, response } = await client.GET('/api/tools/{toolId}', path);
    if (response.status === 429) continue; // polled too eagerly: the next, longer wait fixes it
    if (!data) throw new KeyledgerError(response.status, error);
    if (data.your_access === 'approved') return;
    if (data.your_access !== 'pending') {
      throw new Error(`${tool.name}: ${data.your_access} (${data.denial_reason ?? 'no reason given'})`);
    }
  }
  throw new Error(`no decision on ${tool.name} within ${config.maxWaitMs} ms: run again later`);
}

/** The only place the secret exists: this call's scope. Nothing here writes it anywhere. */
function authorization(credential: Credential['credential']): string {
  if (typeof credential === 'string') return `Bearer ${credential}`;
  const { username, password } = credential;
  if (username === undefined || password === undefined) throw new Error('unsupported credential shape');
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export async function runAgent(config: AgentConfig): Promise<{ tool: string; taskStatus: number }> {
  const log = config.log ?? (() => undefined);
  const client = createKeyledgerClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    userAgent: 'example-agent/1',
  });
  const tool = await findTool(client, config.tool);
  if (!tool) {
    const suggested = await unwrap(
      client.POST('/api/tools/suggest', { body: { name: config.tool, reason: config.reason } }),
    );
    throw new Error(`${config.tool} is not in the catalog; suggested it (${suggested.suggestion_id})`);
  }
  await ensureAccess(client, tool, config);
  log(`access to ${tool.name} approved; fetching the credential for the task`);
  // Fetched at the moment of use, never cached: a revocation takes effect on the next run.
  const granted = await unwrap(
    client.GET('/api/tools/{toolId}/credentials', { params: { path: { toolId: tool.id } } }),
  );
  const target = config.taskUrl ?? tool.url;
  if (!target) throw new Error(`${tool.name} has no URL: set KEYLEDGER_TASK_URL`);
  const task = await fetch(target, { headers: { authorization: authorization(granted.credential) } });
  return { tool: tool.name, taskStatus: task.status };
}

async function main(): Promise<void> {
  const env = process.env;
  if (!env.KEYLEDGER_API_KEY || !env.KEYLEDGER_TOOL) {
    throw new Error('set KEYLEDGER_API_KEY (klk_…) and KEYLEDGER_TOOL (a tool name or id)');
  }
  const result = await runAgent({
    baseUrl: env.KEYLEDGER_URL ?? 'http://localhost:3000',
    apiKey: env.KEYLEDGER_API_KEY,
    tool: env.KEYLEDGER_TOOL,
    reason: env.KEYLEDGER_REASON ?? 'The example agent checks that it can reach this tool',
    maxWaitMs: Number(env.KEYLEDGER_MAX_WAIT_SECONDS ?? 600) * 1000,
    taskUrl: env.KEYLEDGER_TASK_URL,
    backoff: env.KEYLEDGER_POLL_MS ? { initialMs: Number(env.KEYLEDGER_POLL_MS), maxMs: 30_000 } : undefined,
    log: (line) => process.stderr.write(`agent: ${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message = error instanceof KeyledgerError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`agent: ${message}\n`);
    process.exit(1);
  });
}
