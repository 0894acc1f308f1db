import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { call, loginAs, OWNER } from '../support/http';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';
import { type ConsoleEnv, openPage, screenshot, signIn, startConsole, visit } from './console-env';

jest.setTimeout(120_000);

/** Viewers and auditors see no Approve button, and the API refuses them anyway. */
describe('the console by role', () => {
  let ctx: ConsoleEnv;
  let requestId: string;
  const people: Record<'viewer' | 'auditor' | 'approver', { email: string; password: string }> = {
    viewer: { email: 'vera.viewer@example.com', password: 'viewer-password-123' },
    auditor: { email: 'audrey.auditor@example.com', password: 'auditor-password-123' },
    approver: { email: 'paul.approver@example.com', password: 'approver-password-123' },
  };

  beforeAll(async () => {
    ctx = await startConsole();
    const { admin } = await adminSession(ctx.api);
    const tool = await addTool(admin, { name: 'Linear' });
    const scout = await registerAgent(admin, 'Triage-Agent');
    const agent = agentClient(ctx.api, scout.key);
    const asked = await agent('POST', `/api/tools/${tool.id}/request`, {
      reason: 'file the bugs found overnight',
    });
    requestId = asked.body.request_id;
    // The approver decides on another tool only.
    const other = await addTool(admin, { name: 'Stripe' });
    await agent('POST', `/api/tools/${other.id}/request`, { reason: 'refund the duplicate charges' });
    for (const [role, who] of Object.entries(people)) {
      const scope = role === 'approver' ? { tool_scope: [other.id] } : {};
      const added = await admin('POST', '/api/admin/members', { ...who, role, ...scope });
      expect(added.status).toBe(201);
    }
    // A signed head for the auditor to hold the log to.
    expect((await admin('POST', '/api/audit/checkpoints')).status).toBe(201);
  });
  afterAll(() => ctx.close());

  async function refusedByApi(role: keyof typeof people) {
    const { access_token: token } = await loginAs(ctx.api.url, people[role].email, people[role].password);
    const approve = await call(ctx.api.url, 'POST', `/api/admin/requests/${requestId}/approve`, {
      token,
      body: {},
    });
    expect(approve.status).toBe(403);
    const deny = await call(ctx.api.url, 'POST', `/api/admin/requests/${requestId}/deny`, {
      token,
      body: { reason: 'not mine to decide' },
    });
    expect(deny.status).toBe(403);
  }

  async function queueWithoutButtons(page: Page, shot: string) {
    await visit(page, 'Requests', 'Access requests');
    const row = page.getByRole('row').filter({ hasText: 'file the bugs found overnight' });
    await row.waitFor();
    await screenshot(page, shot);
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Deny' }).count()).toBe(0);
  }

  it('a viewer sees the queue without Approve or Deny, and no audit, members or webhooks', async () => {
    const page = await openPage(ctx);
    await signIn(page, people.viewer.email, people.viewer.password);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const hidden of ['Audit', 'Members', 'Webhooks']) {
      expect(await nav.getByRole('link', { name: hidden }).count()).toBe(0);
    }
    await queueWithoutButtons(page, 'viewer-requests');
    await visit(page, 'Agents', 'Agents');
    expect(await page.getByRole('button', { name: 'Register agent' }).count()).toBe(0);
    await refusedByApi('viewer');
    await page.context().close();
  });

  it('an auditor lands on the audit log, has no Approve button, filters the log and verifies it', async () => {
    const page = await openPage(ctx);
    await signIn(page, people.auditor.email, people.auditor.password);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await queueWithoutButtons(page, 'auditor-requests');
    await refusedByApi('auditor');

    await visit(page, 'Audit', 'Audit log');
    const filters = page.getByRole('form', { name: 'Find events' });
    await filters.getByLabel('What happened').selectOption({ label: 'asked for access' });
    await page.waitForURL(/type=AccessRequested/);
    const list = page.getByRole('list', { name: 'Audit events' });
    await list.getByRole('listitem').filter({ hasText: 'Triage-Agent asked for Linear' }).first().waitFor();
    const sentences = await list.locator('.event-sentence').allInnerTexts();
    expect(sentences.length).toBeGreaterThan(0);
    for (const s of sentences) expect(s).toMatch(/^Triage-Agent asked for (Linear|Stripe)/);
    await list.getByText('Recorded event').first().click();
    await list
      .getByText(/correlation_id/)
      .first()
      .waitFor();
    await screenshot(page, 'auditor-audit-filtered');

    await list.getByRole('button', { name: 'Grant timeline' }).first().click();
    const history = page.getByRole('dialog', { name: 'Grant timeline' });
    await history
      .getByText(/Triage-Agent asked for/)
      .first()
      .waitFor();
    await screenshot(page, 'auditor-stream-history');
    await history.getByRole('button', { name: 'Close' }).click();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/position.*agent_name,tool_name/);
    expect(csv).toContain('AccessRequested');
    expect(csv).toContain('"Triage-Agent"');
    expect(csv).not.toContain('ToolAdded');

    await page
      .getByRole('navigation', { name: 'Audit views' })
      .getByRole('link', { name: 'Integrity' })
      .click();
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    await page.getByText('The log is intact.').waitFor();
    await page.getByText('Latest signed checkpoint', { exact: true }).waitFor();

    await screenshot(page, 'auditor-audit-verified');
    await page
      .getByRole('navigation', { name: 'Audit views' })
      .getByRole('link', { name: 'Who had access at' })
      .click();
    await page.getByRole('button', { name: 'Show access' }).click();
    await page
      .getByText(/grants? allowed a fetch|Nobody had access/)
      .first()
      .waitFor();
    await page.context().close();
  });

  it('an approver limited to another tool sees no Approve for this one, and the API refuses', async () => {
    const page = await openPage(ctx);
    await signIn(page, people.approver.email, people.approver.password);
    await page.getByRole('heading', { level: 1, name: 'Access requests' }).waitFor();
    const mine = page.getByRole('row').filter({ hasText: 'refund the duplicate charges' });
    await mine.getByRole('button', { name: 'Approve' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'file the bugs found overnight' });
    await screenshot(page, 'approver-scoped-requests');
    expect(await row.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await row.getByRole('button', { name: 'Deny' }).count()).toBe(0);
    await refusedByApi('approver');
    await page.context().close();
  });

  it('an owner cannot get a stored secret into the page, and sees form errors next to their fields', async () => {
    const page = await openPage(ctx);
    const bodies: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) {
        void response.text().then(
          (text) => bodies.push(text),
          () => undefined,
        );
      }
    });
    await signIn(page, OWNER.email, OWNER.password);
    await visit(page, 'Tools', 'Tools');
    await page.getByRole('link', { name: 'Linear' }).click();
    await page.getByRole('heading', { level: 1, name: 'Linear' }).waitFor();
    const secret = page.getByLabel('Secret value');
    expect(await secret.inputValue()).toBe('');
    expect(await secret.getAttribute('type')).toBe('password');

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByText('Enter the new secret.').waitFor();

    const rotated = 'lin_api_rotated_value_0987654321';
    await secret.fill(rotated);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('status').getByText('Secret version 2 stored').waitFor();
    expect(await secret.inputValue()).toBe('');
    await screenshot(page, 'tool');

    await visit(page, 'Tools', 'Tools');
    await page.getByRole('link', { name: 'Linear' }).click();
    await page.getByText('Version 2 is in use').waitFor();
    expect(await page.getByLabel('Secret value').inputValue()).toBe('');
    const html = await page.content();
    for (const value of [rotated, 'ghp_shared_secret_value_1234567890']) {
      expect(html).not.toContain(value);
      expect(bodies.some((b) => b.includes(value))).toBe(false);
    }

    await visit(page, 'Tools', 'Tools');
    await page.getByRole('link', { name: 'Add tool' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Broken');
    await page.getByLabel('URL', { exact: true }).fill('ftp://files.example.com');
    await page.getByRole('button', { name: 'Add tool' }).click();
    const url = page.getByLabel('URL', { exact: true });
    await page.locator('.field.has-error').filter({ has: url }).getByText(/http/).waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'tool-form-error');
    await page.context().close();
  });
});
