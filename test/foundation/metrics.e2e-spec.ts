import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestEnv, type TestEnv } from '../support/app';
import { call } from '../support/http';

const TOKEN = 'metrics-scrape-token-0123456789';

// Issue 13, finding 15: /metrics is opt-in, behind a bearer token.
describe('/metrics', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  it('does not exist unless a token is configured', async () => {
    const api = await env.start();
    const res = await call(api.url, 'GET', '/metrics');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.text).not.toMatch(/keyledger_/);
    expect((await call(api.url, 'GET', '/metrics', { token: TOKEN })).status).toBe(404);
    await api.close();
  });

  it('answers the token holder only', async () => {
    const api = await env.start({ KEYLEDGER_METRICS_TOKEN: TOKEN });
    for (const token of [undefined, 'metrics-scrape-token-012345678x', `${TOKEN}0`]) {
      const refused = await call(api.url, 'GET', '/metrics', { token });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(refused.text).not.toMatch(/keyledger_process/);
    }
    const res = await call(api.url, 'GET', '/metrics', { token: TOKEN });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^keyledger_process_resident_memory_bytes \d+$/m);
    expect(res.text).toMatch(/^keyledger_log_head_position \d+$/m);
    expect(res.text).toMatch(/^keyledger_refusals_dropped_total 0$/m);
    await api.close();
  });

  it('reads the token from a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kl-metrics-')), 'token');
    writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
    const api = await env.start({ KEYLEDGER_METRICS_TOKEN_FILE: file });
    expect((await call(api.url, 'GET', '/metrics', { token: TOKEN })).status).toBe(200);
    expect((await call(api.url, 'GET', '/metrics')).status).toBe(401);
    await api.close();
  });
});
