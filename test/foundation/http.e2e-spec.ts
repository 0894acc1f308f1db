import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';

describe('the HTTP service', () => {
  let env: TestEnv;
  let api: RunningApp;

  beforeAll(async () => {
    env = await createTestEnv();
    api = await env.start();
  });
  afterAll(() => env.close());

  it('answers liveness and readiness', async () => {
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: 'ok', migrations: 'current' });
  });

  it('serves the OpenAPI 3.1 document and Swagger UI', async () => {
    const doc = await fetch(`${api.url}/api/openapi.json`);
    expect(doc.status).toBe(200);
    const body = (await doc.json()) as {
      openapi: string;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.components.securitySchemes).sort()).toEqual(['agent_key', 'member_jwt']);
    const ui = await fetch(`${api.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('answers unknown routes with problem+json and echoes a request id', async () => {
    const res = await fetch(`${api.url}/api/no-such-thing`, { headers: { 'x-request-id': 'trace-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 404, title: 'Not Found' });
    expect(problem.type).toMatch(/not-found$/);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await fetch(`${api.url}/api/no-such-thing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken":',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('reports not ready when the database has a pending migration', async () => {
    const admin = await env.db.admin();
    await admin.query(`DELETE FROM schema_migrations WHERE name = (SELECT max(name) FROM schema_migrations)`);
    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { detail: string }).detail).toMatch(/migrations are pending/);
  });
});
