import fc from 'fast-check';
import type { Client as PgClient } from 'pg';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import {
  FAULT_RATES,
  fixtures,
  type Fixtures,
  type Operation,
  operationsOf,
  send,
  stateOf,
} from './input-support';
import { type MalformedRequest, malformedRequest, printRequest } from './malformed-input';

jest.setTimeout(300_000);

/*
 * Property: whatever malformed input reaches any operation of the OpenAPI document, the service
 * answers no 5xx, refuses it with an application/problem+json 4xx that carries error and hint, and
 * changes nothing. The operations are read from the running service's own document, so routes
 * added later are driven too. Deterministic: FUZZ_SEED (printed on failure) replays a run;
 * FUZZ_RUNS sets the requests per operation.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 14_0618);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

describe('every operation of the OpenAPI document, driven with malformed input', () => {
  let env: TestEnv;
  let api: RunningApp;
  let db: PgClient;
  let f: Fixtures;
  let ops: Operation[];

  beforeAll(async () => {
    env = await createTestEnv();
    // No sealer, projections or deliveries in the background: any row that moves was moved by a request.
    api = await env.start(FAULT_RATES, { background: false });
    db = await env.db.admin();
    f = await fixtures(api);
    ops = operationsOf((await send(api.url, 'GET', '/api/openapi.json')).body);
  });
  afterAll(() => env.close());

  async function head(): Promise<string> {
    const { rows } = await db.query<{ head: string }>(
      `SELECT coalesce(max(position), 0)::text AS head FROM events`,
    );
    return rows[0].head;
  }

  async function refuses(request: MalformedRequest): Promise<void> {
    const before = await head();
    const res = await send(api.url, request.method, request.path, request);
    const problem = res.body as Record<string, unknown> | undefined;
    const wrong = (why: string) =>
      new Error(
        `${why}\n  request: ${printRequest(request)}\n  answer: ${res.status} ${res.type} ${res.text.slice(0, 400)}`,
      );
    if (res.status >= 500) throw wrong('a 5xx for bad input');
    if (res.status < 400 && !request.mayPass) throw wrong('malformed input was accepted');
    if (res.status >= 400) {
      if (!/^application\/problem\+json/.test(res.type)) throw wrong('a 4xx that is not problem+json');
      for (const member of ['type', 'title', 'detail', 'error', 'hint']) {
        if (typeof problem?.[member] !== 'string') throw wrong(`the problem has no ${member}`);
      }
      if (problem?.status !== res.status) throw wrong('the problem status differs from the HTTP status');
    }
    if ((await head()) !== before) throw wrong('the event log moved');
  }

  it('answers no 5xx, refuses with problem+json, and changes nothing', async () => {
    expect(ops.length).toBeGreaterThanOrEqual(57);
    expect(new Set(ops.map((op) => op.auth))).toEqual(new Set(['agent', 'member', 'none']));
    for (const [index, op] of ops.entries()) {
      const before = await stateOf(db);
      try {
        await fc.assert(fc.asyncProperty(malformedRequest(op, f), refuses), {
          seed: SEED + index,
          numRuns: RUNS,
          endOnFailure: true,
        });
      } catch (error) {
        throw new Error(
          `${op.method} ${op.path} (${op.operationId}), FUZZ_SEED=${SEED}:\n${(error as Error).message}`,
          { cause: error },
        );
      }
      expect({ op: op.operationId, state: await stateOf(db) }).toEqual({ op: op.operationId, state: before });
    }
  });
});
