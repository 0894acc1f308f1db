import { ROLES } from '../../libs/authz/src/subjects';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, loginAs } from '../support/http';
import { addMember, ROOMY_RATES, type Role } from '../support/members';
import {
  buildFixtures,
  type Fixtures,
  isMemberRoute,
  type Operation,
  operationsOf,
  resolvePath,
} from './fixtures';
import { MATRIX } from './matrix';

jest.setTimeout(120_000);

/** Forbidden roles go first, so a route that changes state is refused before it is done. */
const LEAST_PRIVILEGE_FIRST: Role[] = [...ROLES].reverse();

/**
 * Issue 5: every admin, audit and org route, driven with every role, allows or refuses (403)
 * exactly as DESIGN.md's roles table (test/authz/matrix.ts) says. Guards run before any
 * lookup, so "allowed" is any answer but 401 or 403 (a 404 or 409 got past authorization).
 */
describe('role matrix', () => {
  let env: TestEnv;
  let api: RunningApp;
  let ops: Operation[];
  let fixtures: Fixtures;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start(ROOMY_RATES);
    tokens.owner = (await loginAs(api.url)).access_token;
    for (const role of ['admin', 'approver', 'auditor', 'viewer'] as const) {
      tokens[role] = (await addMember(api, tokens.owner, role)).token;
    }
    const registrar = await addMember(api, tokens.owner, 'admin');
    fixtures = await buildFixtures(api, registrar.token, tokens.owner);
    const doc = await call(api.url, 'GET', '/api/openapi.json');
    ops = operationsOf(doc.body, isMemberRoute);
  });
  afterAll(() => env.close());

  const drive = (op: Operation, token?: string, role: Role = 'owner') => {
    const entry = MATRIX[op.operationId];
    const path = resolvePath(op.path, fixtures, entry?.params?.(fixtures)) + (entry?.query?.(fixtures) ?? '');
    const body =
      entry?.body?.(fixtures, role) ?? (['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined);
    return call(api.url, op.method, path, { token, body });
  };

  it('has an entry for every member route in the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThan(20);
    const missing = ops.filter((op) => !MATRIX[op.operationId]);
    if (missing.length > 0) {
      throw new Error(
        `add these routes to test/authz/matrix.ts (DESIGN.md roles table): ` +
          missing.map((op) => `${op.operationId} (${op.method} ${op.path})`).join(', '),
      );
    }
    const present = new Set(ops.map((op) => op.operationId));
    const notBuilt = Object.keys(MATRIX).filter((id) => !present.has(id));
    if (notBuilt.length > 0) console.warn(`role matrix: no route yet for ${notBuilt.join(', ')}`);
  });

  it('documents the same roles in x-required-roles', () => {
    const documented = ops.map((op) => ({ op: op.operationId, roles: op.requiredRoles }));
    const expected = ops.map((op) => ({ op: op.operationId, roles: MATRIX[op.operationId]?.roles }));
    expect(documented).toEqual(expected);
  });

  it('answers 401 to every member route without a token', async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      const res = await drive(op);
      if (res.status !== 401) wrong.push(`${op.operationId}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('allows or refuses each role exactly as the roles table says', async () => {
    const mismatches: string[] = [];
    for (const op of ops) {
      const entry = MATRIX[op.operationId];
      if (!entry) continue; // reported by the first test
      for (const role of LEAST_PRIVILEGE_FIRST) {
        const res = await drive(op, tokens[role], role);
        const allowed = entry.roles.includes(role);
        const ok = allowed ? ![401, 403].includes(res.status) && res.status < 500 : res.status === 403;
        if (!ok) {
          mismatches.push(
            `${op.operationId} as ${role}: expected ${allowed ? 'allowed' : '403'}, got ${res.status} ` +
              `${typeof res.body === 'object' ? (res.body?.detail ?? '') : ''}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
