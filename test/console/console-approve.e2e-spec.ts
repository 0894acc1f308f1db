import type { Page } from 'playwright-core';
import { signInNewMember } from '../catalog/members';
import { call, OWNER } from '../support/http';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';
import { type ConsoleEnv, openPage, PHONE, screenshot, signIn, startConsole, visit } from './console-env';

jest.setTimeout(120_000);

describe('the console: an admin approves a request', () => {
  let ctx: ConsoleEnv;
  let page: Page;

  beforeAll(async () => {
    ctx = await startConsole();
    page = await openPage(ctx);
  });
  afterAll(() => ctx.close());

  it('is served at / with SPA fallback, leaving /api to the API', async () => {
    const home = await call(ctx.api.url, 'GET', '/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(home.text).toContain('<div id="root">');
    const deep = await call(ctx.api.url, 'GET', '/agents/some-id?tab=keys');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('<div id="root">');
    const api = await call(ctx.api.url, 'GET', '/api/no-such-route');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await call(ctx.api.url, 'GET', '/assets/missing.js')).status).toBe(404);
    const escape = await call(ctx.api.url, 'GET', '/assets/..%2f..%2f..%2f..%2fpackage.json');
    expect(escape.text).not.toContain('"devDependencies"');
    expect((await call(ctx.api.url, 'GET', '/health')).body).toEqual({ status: 'ok' });
  });

  it('signs in, approves in the queue, and the agent can then fetch', async () => {
    const { admin } = await adminSession(ctx.api);
    const tool = await addTool(admin, { name: 'GitHub' });
    const scout = await registerAgent(admin, 'Onboarding-Agent');
    const agent = agentClient(ctx.api, scout.key);

    await page.goto('/');
    await screenshot(page, 'sign-in');
    await signIn(page, OWNER.email, OWNER.password);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await visit(page, 'Requests', 'Access requests');

    // The request arrives after the page loaded: the queue shows it without a reload.
    const asked = await agent('POST', `/api/tools/${tool.id}/request`, {
      reason: 'triage the nightly CI failures',
      duration_seconds: 7200,
    });
    expect(asked.status).toBe(201);
    expect((await agent('GET', `/api/tools/${tool.id}/credentials`)).status).toBe(403);
    const row = page.getByRole('row').filter({ hasText: 'triage the nightly CI failures' });
    await row.waitFor();
    await row.getByText('2 hours').waitFor();
    await screenshot(page, 'requests');

    await row.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Duration').selectOption({ label: '1 hour' });
    await dialog.getByLabel('Note (optional)').fill('ok for the triage');
    await screenshot(page, 'approve-dialog');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').getByText('Approved Onboarding-Agent’s access to GitHub.').waitFor();
    await row.waitFor({ state: 'detached' });

    const vend = await agent('GET', `/api/tools/${tool.id}/credentials`);
    expect(vend.status).toBe(200);
    expect(vend.body.credential).toBe('ghp_shared_secret_value_1234567890');
    const expiresIn = (Date.parse(vend.body.expires_at) - Date.now()) / 1000;
    expect(expiresIn).toBeGreaterThan(3500);
    expect(expiresIn).toBeLessThanOrEqual(3600);

    const grants = await admin('GET', `/api/admin/grants?agent_id=${scout.id}`);
    expect(grants.body.grants[0]).toMatchObject({ status: 'active', tool_id: tool.id });
  });

  it('disables Approve, saying why, on a request from an agent the member registered (issue 13)', async () => {
    const { admin, orgId } = await adminSession(ctx.api, { separationOfDuties: true });
    const on = await admin('PUT', '/api/admin/policy', {
      separation_of_duties: true,
      reason: 'console test',
    });
    expect(on.status).toBe(200);
    const tool = await addTool(admin, { name: 'Linear' });
    const own = await registerAgent(admin, 'Owners-Agent');
    const colleague = await signInNewMember(ctx.api, 'admin', orgId);
    const theirs = await registerAgent(
      (m, p, b) => call(ctx.api.url, m, p, { token: colleague.access_token, body: b }),
      'Colleagues-Agent',
    );
    for (const [key, reason] of [
      [own.key, 'the owner’s own agent asks'],
      [theirs.key, 'a colleague’s agent asks'],
    ]) {
      expect(
        (await agentClient(ctx.api, key)('POST', `/api/tools/${tool.id}/request`, { reason })).status,
      ).toBe(201);
    }
    // Open the queue afresh, so it reads the org's rule as it is now.
    await visit(page, 'Overview', 'Overview');
    await visit(page, 'Requests', 'Access requests');
    const mine = page.getByRole('row').filter({ hasText: 'the owner’s own agent asks' });
    const other = page.getByRole('row').filter({ hasText: 'a colleague’s agent asks' });
    await mine.waitFor();
    await other.waitFor();
    expect(await mine.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    await mine.getByText('You registered this agent, so another approver must approve').waitFor();
    expect(await mine.getByRole('button', { name: 'Deny' }).isEnabled()).toBe(true);
    expect(await other.getByRole('button', { name: 'Approve' }).isEnabled()).toBe(true);
    await screenshot(page, 'requests-separation-of-duties');

    const off = await admin('PUT', '/api/admin/policy', {
      separation_of_duties: false,
      reason: 'solo again',
    });
    expect(off.status).toBe(200);
    await visit(page, 'Overview', 'Overview');
    await visit(page, 'Requests', 'Access requests');
    await mine.waitFor();
    expect(await mine.getByRole('button', { name: 'Approve' }).isEnabled()).toBe(true);
  });

  it('shows every page an owner can open, at desktop and phone sizes', async () => {
    const { admin } = await adminSession(ctx.api);
    const second = await registerAgent(admin, 'Docs-Agent');
    const grants = await admin('GET', '/api/admin/grants?status=all');
    const first = grants.body.grants[0].agent_id as string;
    for (const [key, reason] of [
      [(await admin('POST', `/api/admin/agents/${first}/keys`)).body.api_key, 'write the onboarding guide'],
      [second.key, 'keep the runbooks current'],
    ]) {
      const suggested = await call(ctx.api.url, 'POST', '/api/tools/suggest', {
        token: key,
        body: { name: 'Notion', url: 'https://api.notion.com', reason },
      });
      expect(suggested.status).toBe(201);
    }
    await visit(page, 'Overview', 'Overview', 'overview');
    await visit(page, 'Agents', 'Agents', 'agents');
    await page.getByRole('link', { name: 'Onboarding-Agent' }).click();
    await page.getByRole('heading', { level: 1, name: 'Onboarding-Agent' }).waitFor();
    await page.locator('.snippet pre').waitFor();
    await screenshot(page, 'agent');
    await visit(page, 'Tools', 'Tools', 'tools');
    await visit(page, 'Grants', 'Grants', 'grants');
    await visit(page, 'Suggestions', 'Suggestions');
    await page.getByText('Onboarding-Agent + 1 other').waitFor();
    await screenshot(page, 'suggestions');
    await visit(page, 'Tools', 'Tools');
    await page.getByRole('link', { name: 'GitHub' }).click();
    await page.getByRole('heading', { level: 1, name: 'GitHub' }).waitFor();
    await page.getByRole('heading', { name: 'Approval policy' }).waitFor();
    await screenshot(page, 'tool-detail');
    await visit(page, 'Tools', 'Tools');
    await page.getByRole('link', { name: 'Add tool' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add tool' }).waitFor();
    await screenshot(page, 'tool-new');
    await visit(page, 'Audit', 'Audit log', 'audit');
    await visit(page, 'Members', 'Members', 'members');
    await visit(page, 'Webhooks', 'Webhooks', 'webhooks');

    await page.setViewportSize(PHONE);
    await visit(page, 'Requests', 'Access requests', 'phone-requests');
    await visit(page, 'Audit', 'Audit log', 'phone-audit');
    await visit(page, 'Grants', 'Grants', 'phone-grants');
    await visit(page, 'Overview', 'Overview', 'phone-overview');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('accepts a suggestion into a tool form, opening requests for its backers', async () => {
    await visit(page, 'Suggestions', 'Suggestions');
    await page.getByRole('button', { name: 'Accept' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Name', { exact: true }).inputValue()).toBe('Notion');
    expect(await dialog.getByLabel('URL', { exact: true }).inputValue()).toBe('https://api.notion.com');
    await dialog.getByLabel('Secret value').fill('secret_notion_integration_token');
    await screenshot(page, 'suggestion-accept');
    await dialog.getByRole('button', { name: 'Accept and add tool' }).click();
    await page.getByRole('status').getByText('Notion added').waitFor();
    await visit(page, 'Requests', 'Access requests');
    await page.getByRole('row').filter({ hasText: 'keep the runbooks current' }).waitFor();
  });

  it('registers an agent and shows its key once, with the onboarding snippet', async () => {
    await visit(page, 'Agents', 'Agents');
    await page.getByRole('button', { name: 'Register agent' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Release-Bot');
    await dialog.getByRole('button', { name: 'Register' }).click();
    const key = dialog.getByLabel('API key for Release-Bot');
    await key.waitFor();
    expect(await key.inputValue()).toMatch(/^klk_/);
    await dialog.getByRole('button', { name: 'Copy key' }).waitFor();
    await dialog.getByText('Authorization').first().waitFor();
    await screenshot(page, 'register-agent-key');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('link', { name: 'Release-Bot' }).waitFor();
  });

  it('switches org by signing in again, asking for the password rather than keeping it', async () => {
    const { admin } = await adminSession(ctx.api);
    const created = await admin('POST', '/api/orgs', { name: 'Research' });
    expect(created.status).toBe(201);
    // The org list comes with a sign-in: sign in again to see the new org.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, OWNER.email, OWNER.password);
    const switcher = page.getByRole('combobox', { name: 'Organization' });
    await switcher.selectOption({ label: 'Research (owner)' });
    const dialog = page.getByRole('dialog', { name: 'Switch to Research' });
    await dialog.getByLabel('Password').fill(OWNER.password);
    await screenshot(page, 'org-switch');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await switcher.inputValue()).toBe(created.body.org.id);
    await visit(page, 'Agents', 'Agents');
    await page.getByText('No agents yet').waitFor();
  });
});
