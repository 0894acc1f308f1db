import type { Page } from 'playwright-core';
import { call, loginAs, OWNER } from '../support/http';
import { addTool, adminSession, agentClient, registerAgent } from '../support/story';
import { caughtUp } from '../audit/audit-support';
import {
  axe,
  type ConsoleEnv,
  DESKTOP,
  openPage,
  PHONE,
  screenshot,
  signIn,
  startConsole,
  visit,
} from './console-env';

jest.setTimeout(300_000);

const ADA = { email: 'ada.admin@example.com', password: 'ada-password-1234', display_name: 'Ada Admin' };
const PAUL = {
  email: 'paul.approver@example.com',
  password: 'paul-password-1234',
  display_name: 'Paul Approver',
};
const AUDREY = {
  email: 'audrey.auditor@example.com',
  password: 'audrey-password-1234',
  display_name: 'Audrey',
};
const VERA = { email: 'vera.viewer@example.com', password: 'vera-password-1234', display_name: 'Vera' };

/**
 * Issue 17's stories: an auditor finds last week's fetches of one tool without knowing an
 * event name and reads the grant's timeline; an approver sees who registered the agent and
 * its history, with Approve disabled (and why) where the API would refuse; and axe-core finds
 * nothing on any page, for any role, at desktop or phone width.
 */
describe('deciding and investigating in the console', () => {
  let ctx: ConsoleEnv;
  let stripe: { id: string; name: string };

  beforeAll(async () => {
    // Many sign-ins from one address: the login tier is tested elsewhere.
    ctx = await startConsole({ KEYLEDGER_RATE_LOGIN: '500/15m' });
    // Separation of duties stays on: who registered an agent matters here.
    const { admin: owner } = await adminSession(ctx.api, { separationOfDuties: true });
    for (const [who, role] of [
      [ADA, 'admin'],
      [PAUL, 'approver'],
      [AUDREY, 'auditor'],
      [VERA, 'viewer'],
    ] as const) {
      expect((await owner('POST', '/api/admin/members', { ...who, role })).status).toBe(201);
    }
    const adaToken = (await loginAs(ctx.api.url, ADA.email, ADA.password)).access_token;
    const ada = (m: string, p: string, b?: unknown) => call(ctx.api.url, m, p, { token: adaToken, body: b });
    const paulToken = (await loginAs(ctx.api.url, PAUL.email, PAUL.password)).access_token;

    stripe = await addTool(owner, { name: 'Stripe', url: 'https://api.stripe.com' });
    const github = await addTool(owner, { name: 'GitHub' });
    const linear = await addTool(owner, { name: 'Linear', url: 'https://api.linear.app' });
    expect(
      (await owner('PUT', `/api/admin/tools/${github.id}/policy`, { required_approvals: 2 })).status,
    ).toBe(200);

    // billing-reconciler (registered by the owner): approved by Ada, three fetches, one refused
    // fetch of a tool it holds no grant for, revoked, and asking again.
    const billing = await registerAgent(owner, 'billing-reconciler');
    const asBilling = agentClient(ctx.api, billing.key);
    const first = (
      await asBilling('POST', `/api/tools/${stripe.id}/request`, { reason: 'reconcile the payouts' })
    ).body.request_id;
    expect((await ada('POST', `/api/admin/requests/${first}/approve`, {})).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      expect((await asBilling('GET', `/api/tools/${stripe.id}/credentials`)).status).toBe(200);
    }
    expect((await asBilling('GET', `/api/tools/${github.id}/credentials`)).status).toBe(403);
    expect(
      (await ada('POST', `/api/admin/grants/${first}/revoke`, { reason: 'rotating the reconciler' })).status,
    ).toBe(200);
    await asBilling('POST', `/api/tools/${stripe.id}/request`, { reason: 'reconcile the December payouts' });

    // triage-bot holds Linear now, for "who had access at".
    const triage = await registerAgent(owner, 'triage-bot');
    const asTriage = agentClient(ctx.api, triage.key);
    const lin = (await asTriage('POST', `/api/tools/${linear.id}/request`, { reason: 'file the bugs' })).body
      .request_id;
    expect((await ada('POST', `/api/admin/requests/${lin}/approve`, {})).status).toBe(200);

    // deploy-bot, registered by Ada, asks for GitHub (two approvals); Paul has given one.
    const deploy = await registerAgent(ada, 'deploy-bot');
    const release = (
      await agentClient(ctx.api, deploy.key)('POST', `/api/tools/${github.id}/request`, {
        reason: 'ship the release',
      })
    ).body.request_id;
    expect(
      (
        await call(ctx.api.url, 'POST', `/api/admin/requests/${release}/approve`, {
          token: paulToken,
          body: {},
        })
      ).status,
    ).toBe(200);

    // Two scouts ask for Linear: one suggestion backed twice becomes two requests to approve at once.
    for (const name of ['scout-one', 'scout-two']) {
      const scout = await registerAgent(owner, name);
      await agentClient(ctx.api, scout.key)('POST', `/api/tools/${linear.id}/request`, {
        reason: 'read the roadmap',
      });
    }
    await caughtUp(ctx.api);
  });
  afterAll(() => ctx.close());

  it('an auditor finds last week’s fetches of Stripe in three interactions, and the grant’s timeline', async () => {
    const page = await openPage(ctx);
    await signIn(page, AUDREY.email, AUDREY.password);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    let interactions = 0;
    await page.getByRole('button', { name: 'Fetches, last 7 days' }).click();
    interactions++;
    await page
      .getByRole('form', { name: 'Find events' })
      .getByLabel('Tool', { exact: true })
      .selectOption({ label: 'Stripe' });
    interactions++;
    await page.waitForURL(new RegExp(`tool_id=${stripe.id}`));
    const list = page.getByRole('list', { name: 'Audit events' });
    await list.getByRole('listitem').nth(2).waitFor();
    await page.getByText('3 events, newest first.').waitFor();
    const sentences = await list.locator('.event-sentence').allInnerTexts();
    expect(sentences).toEqual(Array(3).fill('billing-reconciler fetched Stripe (secret v1)'));
    // Newest first, with seconds and the time zone.
    const times = await list
      .locator('.event-meta time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect([...times].sort().reverse()).toEqual(times);
    const shown = await list.locator('.event-meta time').first().innerText();
    expect(shown).toMatch(/\d{2}:\d{2}:\d{2} (UTC|GMT)/);
    expect(await list.locator('.event-meta').first().innerText()).toMatch(
      /from (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/,
    );
    await screenshot(page, 'story-auditor-fetches');

    await list.getByRole('button', { name: 'Grant timeline' }).first().click();
    interactions++;
    expect(interactions).toBeLessThanOrEqual(3);
    const timeline = page.getByRole('dialog', { name: 'Grant timeline' });
    const steps = timeline.getByRole('list', { name: 'Grant timeline' }).getByRole('listitem');
    await steps.nth(3).waitFor();
    const text = await steps.allInnerTexts();
    expect(text[0]).toMatch(/^billing-reconciler asked for Stripe: reconcile the payouts/);
    expect(text[1]).toMatch(/^Ada Admin approved billing-reconciler’s access to Stripe/);
    expect(text[2]).toMatch(/^billing-reconciler fetched Stripe ×3/);
    expect(text[3]).toMatch(
      /^Ada Admin revoked billing-reconciler’s access to Stripe: rotating the reconciler/,
    );
    await screenshot(page, 'story-auditor-timeline');
    expect(await axe(page)).toEqual([]);
    await timeline.getByRole('button', { name: 'Close' }).click();

    // Who had access: names, not ids, in their own view.
    await page
      .getByRole('navigation', { name: 'Audit views' })
      .getByRole('link', { name: 'Who had access at' })
      .click();
    await page.getByRole('button', { name: 'Show access' }).click();
    const table = page.getByRole('table', { name: 'Access at the chosen instant' });
    await table.getByRole('row').filter({ hasText: 'triage-bot' }).filter({ hasText: 'Linear' }).waitFor();
    expect(await table.getByText('billing-reconciler').count()).toBe(0);
    await screenshot(page, 'story-auditor-access-at');
    await page.context().close();
  });

  it('an approver sees the registrar and the agent’s history, and Approve disabled where it would be refused', async () => {
    const page = await openPage(ctx);
    await signIn(page, PAUL.email, PAUL.password);
    await page.getByRole('heading', { level: 1, name: 'Access requests' }).waitFor();
    // The pending count, in the navigation and the tab title.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: /Requests 4 pending/ }).waitFor();
    expect(await page.title()).toMatch(/^\(4\) Access requests/);

    const deployRow = page.getByRole('row').filter({ hasText: 'ship the release' });
    await deployRow.getByText('registered by Ada Admin').waitFor();
    const approve = deployRow.getByRole('button', { name: 'Approve' });
    expect(await approve.isDisabled()).toBe(true);
    await deployRow.getByText(/You have approved this request already/).waitFor();
    expect(await approve.getAttribute('aria-describedby')).toBeTruthy();
    await deployRow.getByRole('link', { name: 'The tool’s approval policy' }).waitFor();

    const billingRow = page.getByRole('row').filter({ hasText: 'reconcile the December payouts' });
    await billingRow.getByText(/registered by/).waitFor();
    await billingRow.getByText('History and policy').click();
    const context = billingRow.locator('.decision-body');
    await context.getByText(/0 active grants, 1 in all; 0 denied requests; 3 fetches\./).waitFor();
    await context
      .getByRole('list', { name: 'Grants of this agent' })
      .getByText(/rotating the reconciler/)
      .waitFor();
    await context.getByText(/1 approval needed/).waitFor();
    expect(await billingRow.getByRole('button', { name: 'Approve' }).isEnabled()).toBe(true);
    await screenshot(page, 'story-approver-queue');
    expect(await axe(page)).toEqual([]);
    await page.context().close();

    // Ada registered deploy-bot: separation of duties, said before the click.
    const adaPage = await openPage(ctx);
    await signIn(adaPage, ADA.email, ADA.password);
    await visit(adaPage, 'Requests', 'Access requests');
    const row = adaPage.getByRole('row').filter({ hasText: 'ship the release' });
    await row.getByText(/You registered this agent/).waitFor();
    expect(await row.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    await row.getByRole('link', { name: 'The organisation’s policy' }).waitFor();
    await screenshot(adaPage, 'story-admin-separation-of-duties');

    // Bulk approve: the two scouts at once.
    for (const name of ['scout-one', 'scout-two']) {
      await adaPage.getByRole('checkbox', { name: `Select ${name} → Linear` }).check();
    }
    await adaPage.getByRole('button', { name: 'Approve selected (2)' }).click();
    const dialog = adaPage.getByRole('dialog', { name: 'Approve 2 requests' });
    await dialog.getByText('scout-two').waitFor();
    expect(await axe(adaPage)).toEqual([]);
    await screenshot(adaPage, 'story-admin-bulk-approve');
    await dialog.getByRole('button', { name: 'Approve all' }).click();
    await adaPage.getByText('Approved 2 requests.').first().waitFor();
    const grants = await call(ctx.api.url, 'GET', '/api/admin/grants?status=active', {
      token: (await loginAs(ctx.api.url, OWNER.email, OWNER.password)).access_token,
    });
    const names = grants.body.grants.map((g: { agent_name: string }) => g.agent_name).sort();
    expect(names).toEqual(['scout-one', 'scout-two', 'triage-bot']);
    await adaPage.context().close();
  });

  /** Every page a role can open, at desktop and phone width, with its dialogs. */
  async function scanAll(page: Page, role: string, width: string, links: Array<[string, string]>) {
    const found: Record<string, unknown> = {};
    for (const [link, heading] of links) {
      await visit(page, link, heading);
      const v = await axe(page);
      if (v.length) found[`${link}`] = v;
      await screenshot(page, `${role}-${link.toLowerCase().replace(/\s+/g, '-')}-${width}`);
    }
    return found;
  }

  async function scanEveryPage(width: 'desktop' | 'phone', viewport: typeof DESKTOP) {
    const pages: Record<string, Array<[string, string]>> = {
      owner: [
        ['Overview', 'Overview'],
        ['Requests', 'Access requests'],
        ['Agents', 'Agents'],
        ['Tools', 'Tools'],
        ['Grants', 'Grants'],
        ['Suggestions', 'Suggestions'],
        ['Audit', 'Audit log'],
        ['Members', 'Members'],
        ['Webhooks', 'Webhooks'],
      ],
      auditor: [
        ['Audit', 'Audit log'],
        ['Overview', 'Overview'],
      ],
      approver: [['Requests', 'Access requests']],
      viewer: [['Overview', 'Overview']],
    };
    const people = { owner: OWNER, auditor: AUDREY, approver: PAUL, viewer: VERA };
    const violations: Record<string, unknown> = {};
    {
      for (const [role, links] of Object.entries(pages)) {
        const page = await openPage(ctx, viewport);
        const who = people[role as keyof typeof people];
        await signIn(page, who.email, who.password);
        const found = await scanAll(page, role, width, links);
        if (role === 'owner') {
          // Pages behind a link, and dialogs open.
          await visit(page, 'Agents', 'Agents');
          await page.getByRole('link', { name: 'billing-reconciler' }).click();
          await page.getByRole('heading', { level: 1, name: 'billing-reconciler' }).waitFor();
          await page.getByText('Recent activity').first().waitFor();
          await page.waitForTimeout(300);
          found['agent page'] = await axe(page);
          await screenshot(page, `owner-agent-${width}`);
          await visit(page, 'Tools', 'Tools');
          await page.getByRole('link', { name: 'Stripe' }).click();
          await page.getByRole('heading', { level: 1, name: 'Stripe' }).waitFor();
          await page.getByRole('heading', { name: 'Recent fetches' }).waitFor();
          await page.waitForTimeout(300);
          found['tool page'] = await axe(page);
          await screenshot(page, `owner-tool-${width}`);
          await visit(page, 'Agents', 'Agents');
          await page.getByRole('button', { name: 'Register agent' }).click();
          await page.getByRole('dialog').waitFor();
          found['register dialog'] = await axe(page);
          await screenshot(page, `owner-register-dialog-${width}`);
          await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
          await visit(page, 'Audit', 'Audit log');
          await page.getByRole('list', { name: 'Audit events' }).getByText('Recorded event').first().click();
          found['audit, event expanded'] = await axe(page);
          await page.getByRole('button', { name: 'Grant timeline' }).first().click();
          await page.getByRole('dialog', { name: 'Grant timeline' }).getByRole('listitem').first().waitFor();
          found['timeline dialog'] = await axe(page);
          await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
          for (const view of ['Who had access at', 'Integrity']) {
            await page
              .getByRole('navigation', { name: 'Audit views' })
              .getByRole('link', { name: view })
              .click();
            await page.getByRole('heading', { level: 2, name: view }).waitFor();
            found[`audit ${view}`] = await axe(page);
            await screenshot(page, `owner-audit-${view.toLowerCase().replace(/\s+/g, '-')}-${width}`);
          }
          await visit(page, 'Overview', 'Overview');
          await page.locator('.recharts-surface').first().waitFor();
          await screenshot(page, `owner-overview-charts-${width}`);
        }
        if (role === 'approver') {
          const row = page.getByRole('row').filter({ hasText: 'reconcile the December payouts' });
          await row.getByText('History and policy').click();
          await row.locator('.decision-body').waitFor();
          found['queue, history open'] = await axe(page);
          await row.getByRole('button', { name: 'Approve' }).click();
          await page.getByRole('dialog').waitFor();
          found['approve dialog'] = await axe(page);
          await screenshot(page, `approver-approve-dialog-${width}`);
          await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
        }
        for (const [k, v] of Object.entries(found)) {
          if (Array.isArray(v) && v.length > 0) violations[`${role} ${width} ${k}`] = v;
        }
        await page.context().close();
      }
    }
    return violations;
  }

  it('passes axe-core on every page, for every role, with dialogs open, at desktop width', async () => {
    expect(await scanEveryPage('desktop', DESKTOP)).toEqual({});
  }, 900_000);

  it('passes axe-core on every page, for every role, with dialogs open, at phone width', async () => {
    expect(await scanEveryPage('phone', PHONE)).toEqual({});
  }, 900_000);

  it('the overview charts fetches and denials per tool, and per agent on request', async () => {
    const page = await openPage(ctx);
    await signIn(page, OWNER.email, OWNER.password);
    const card = page.getByRole('region', { name: 'Fetches and denials' });
    await card.getByRole('heading', { name: 'Credential fetches: 3' }).waitFor();
    await card.getByRole('heading', { name: 'Denied fetches: 1' }).waitFor();
    await card.getByText('As a table').first().click();
    await card.getByRole('columnheader', { name: 'Stripe' }).waitFor();
    await card.getByLabel('Per').selectOption('agent');
    await card.getByRole('columnheader', { name: 'billing-reconciler' }).first().waitFor();
    await screenshot(page, 'overview-charts-by-agent');
    await page.context().close();
  });
});
