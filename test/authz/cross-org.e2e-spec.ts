import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';
import { call, loginAs } from '../support/http';
import { addMember, createOrg, ROOMY_RATES } from '../support/members';
import { registerAgent } from '../support/story';
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

/** Agent routes that take another org's tool id, and a valid body for each. */
const AGENT_BODIES: Record<string, unknown> = {
  requestAccess: { reason: 'cross-org probe' },
  suggestInstructions: { learned: 'Use the search endpoint', why: 'the instructions missed it' },
};

/**
 * DESIGN.md: every query is scoped to the caller's org; an id from another org answers 404,
 * never 403, never data. Org A holds one real resource of each kind (agents, agent keys,
 * tools and their secrets, requests, grants, members, suggestions, webhooks, audit streams);
 * an admin of org B drives every member route that takes an id with A's ids.
 *
 * The routes come from the OpenAPI document, so kinds whose routes are not built yet (the
 * catalog as code, say) are skipped until they exist, and covered from then on.
 */
describe('cross-org isolation', () => {
  let env: TestEnv;
  let api: RunningApp;
  let a: Fixtures;
  let adminB: string;
  let agentB: string;
  let doc: any;
  let idsOfA: string[];

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start(ROOMY_RATES);
    const ownerA = (await loginAs(api.url)).access_token;
    const registrarA = await addMember(api, ownerA, 'admin');
    a = await buildFixtures(api, registrarA.token, ownerA);
    // Org B belongs to another person, who adds an admin of their own.
    // Only owners create orgs by default (KEYLEDGER_ORG_CREATION, issue 13).
    const founder = await addMember(api, ownerA, 'owner');
    const orgB = await createOrg(api, founder.token, founder.email, founder.password, 'Org B');
    adminB = (await addMember(api, orgB.token, 'admin')).token;
    agentB = (await registerAgent((m, p, b) => call(api.url, m, p, { token: adminB, body: b }), 'B-Agent'))
      .key;
    doc = (await call(api.url, 'GET', '/api/openapi.json')).body;
    idsOfA = [
      ...[a.agentId, a.spareKeyId, a.toolId, a.requestId, a.grantId, a.memberId, a.spareMemberId],
      ...[a.suggestionId, a.instructionSuggestionId, a.webhookId],
    ];
  });
  afterAll(() => env.close());

  const driveAsB = (op: Operation, token: string, body: unknown, query = '') =>
    call(api.url, op.method, resolvePath(op.path, a) + query, { token, body });

  it('answers 404 to another org’s admin for every member route that takes an id', async () => {
    const ops = operationsOf(doc, isMemberRoute).filter((op) => op.path.includes('{'));
    expect(ops.map((op) => op.operationId)).toEqual(
      expect.arrayContaining([
        'getAgent',
        'revokeAgentKey',
        'getCatalogTool',
        'setToolSecret',
        'approveRequest',
      ]),
    );
    const leaks: string[] = [];
    for (const op of ops) {
      const entry = MATRIX[op.operationId];
      const body =
        entry?.body?.(a, 'admin') ?? (['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined);
      const res = await driveAsB(op, adminB, body);
      if (res.status !== 404)
        leaks.push(`${op.operationId} (${op.method} ${op.path}): ${res.status} ${res.text}`);
    }
    expect(leaks).toEqual([]);
  });

  it('lists none of another org’s records', async () => {
    const lists = operationsOf(doc, isMemberRoute).filter(
      (op) => op.method === 'GET' && !op.path.includes('{'),
    );
    const leaks: string[] = [];
    for (const op of lists) {
      const res = await driveAsB(op, adminB, undefined, MATRIX[op.operationId]?.query?.(a) ?? '');
      const found = idsOfA.filter((id) => res.text.includes(id));
      if (res.status !== 200 || found.length > 0)
        leaks.push(`${op.operationId}: ${res.status} shows ${found.join(', ')}`);
    }
    expect(leaks).toEqual([]);
  });

  it('answers 404 to another org’s agent asking for this org’s tool', async () => {
    const agentOps = operationsOf(doc, (p) => p.startsWith('/api/tools/{toolId}'));
    expect(agentOps.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['getTool', 'getCredential', 'requestAccess']),
    );
    const leaks: string[] = [];
    for (const op of agentOps) {
      const body = AGENT_BODIES[op.operationId] ?? (op.method === 'POST' ? {} : undefined);
      const res = await driveAsB(op, agentB, body);
      if (res.status !== 404) leaks.push(`${op.operationId}: ${res.status} ${res.text}`);
    }
    expect(leaks).toEqual([]);
    const catalog = await call(api.url, 'GET', '/api/tools', { token: agentB });
    expect(catalog.status).toBe(200);
    expect(catalog.text).not.toContain(a.toolId);
  });

  it('keeps an org’s own ids working for its admin (the probe above is not trivially 404)', async () => {
    const ownerA = (await loginAs(api.url)).access_token;
    const own = await call(api.url, 'GET', `/api/admin/agents/${a.agentId}`, { token: ownerA });
    expect(own.status).toBe(200);
    const member = await call(api.url, 'PATCH', `/api/admin/members/${a.memberId}`, {
      token: ownerA,
      body: { display_name: 'Still here' },
    });
    expect(member.status).toBe(200);
  });
});
