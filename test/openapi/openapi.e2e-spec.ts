import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call } from '../support/http';
import { ROOT } from '../support/process';

jest.setTimeout(120_000);

const run = promisify(execFile);
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const COMMITTED = join(ROOT, 'docs', 'openapi.json');
const SCHEMA = join(ROOT, 'packages', 'client', 'src', 'schema.d.ts');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

type Operation = {
  operationId?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  responses: Record<
    string,
    { content?: Record<string, { schema?: unknown }>; headers?: Record<string, unknown> }
  >;
};

function operations(doc: { paths: Record<string, Record<string, Operation>> }) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, op: item[m] })),
  );
}

/** Which operations differ, so the failure says more than "not equal". */
function drift(served: any, committed: any): string[] {
  const a = new Map(operations(served).map((o) => [o.key, o.op]));
  const b = new Map(operations(committed).map((o) => [o.key, o.op]));
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const lines = keys.flatMap((k) =>
    !b.has(k) ? [`+ ${k}`] : !a.has(k) ? [`- ${k}`] : isDeepStrictEqual(a.get(k), b.get(k)) ? [] : [`~ ${k}`],
  );
  const [mine, theirs] = [served.components.schemas, committed.components.schemas];
  for (const name of [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort()) {
    if (!(name in theirs)) lines.push(`+ schema ${name}`);
    else if (!(name in mine)) lines.push(`- schema ${name}`);
    else if (!isDeepStrictEqual(mine[name], theirs[name])) lines.push(`~ schema ${name}`);
  }
  return lines.length > 0 ? lines : ['(differences outside paths and schemas)'];
}

describe('the OpenAPI document', () => {
  let env: TestEnv;
  let api: RunningApp;
  let served: any;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start({}, { background: false });
    served = (await call(api.url, 'GET', '/api/openapi.json')).body;
  });
  afterAll(() => env.close());

  it('is committed as docs/openapi.json exactly as the service serves it', () => {
    const committed: unknown = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    if (!isDeepStrictEqual(served, committed)) {
      throw new Error(
        'docs/openapi.json differs from what the service serves at /api/openapi.json:\n' +
          drift(served, committed).join('\n') +
          '\nRun `npm run openapi && npm run client:generate` and commit the result.',
      );
    }
  });

  it('gives every operation a stable operationId, one audience, security and typed answers', () => {
    const ops = operations(served);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const problems: string[] = [];
    for (const { key, op } of ops) {
      // Nest's fallback ids look like `AgentsController_list`: a route missing its decorator.
      if (!/^[a-z][A-Za-z0-9]+$/.test(op.operationId ?? ''))
        problems.push(`${key}: operationId ${op.operationId}`);
      if (op.tags?.length !== 1 || !['agent', 'admin', 'audit'].includes(op.tags[0])) {
        problems.push(`${key}: tags ${JSON.stringify(op.tags)}`);
      }
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
      const expected = op.tags?.[0] === 'agent' ? ['agent_key'] : ['member_jwt'];
      if (op.operationId !== 'login' && !isDeepStrictEqual(schemes, expected)) {
        problems.push(`${key}: security ${JSON.stringify(schemes)}`);
      }
      // An outage answers 503 with Retry-After on every operation (issue 14.2, docs/adr/0017).
      if (!op.responses['503']?.headers?.['Retry-After']) problems.push(`${key}: no 503 with Retry-After`);
      for (const [status, response] of Object.entries(op.responses)) {
        const types = Object.keys(response.content ?? {});
        if (Number(status) >= 400 && !isDeepStrictEqual(types, ['application/problem+json'])) {
          problems.push(`${key} ${status}: ${types.join(', ')}`);
        }
        if (Number(status) < 300 && status !== '204' && types.length === 0)
          problems.push(`${key} ${status}: no body`);
      }
    }
    expect(problems).toEqual([]);
    expect(Object.keys(served.components.securitySchemes).sort()).toEqual(['agent_key', 'member_jwt']);
  });

  it('passes redocly lint with no errors (rules in redocly.yaml)', async () => {
    const result = await run(bin('redocly'), ['lint', 'docs/openapi.json', '--format=summary'], {
      cwd: ROOT,
    }).then(
      (ok) => ({ code: 0, ...ok }),
      (failed: { code: number; stdout: string; stderr: string }) => failed,
    );
    // Exit code 0 means no errors; warnings are allowed. On failure the summary names the rules.
    expect({ code: result.code, summary: result.stdout }).toEqual({ code: 0, summary: result.stdout });
  });

  it('matches the generated client (packages/client/src/schema.d.ts)', async () => {
    const generated = await run(
      bin('openapi-typescript'),
      ['docs/openapi.json', '--default-non-nullable', 'false'],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const formatted = execFileSync(bin('prettier'), ['--stdin-filepath', SCHEMA], {
      cwd: ROOT,
      input: generated.stdout,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (formatted !== readFileSync(SCHEMA, 'utf8')) {
      throw new Error('packages/client/src/schema.d.ts is stale: run `npm run client:generate`');
    }
  });
});
