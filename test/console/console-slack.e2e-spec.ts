import type { Page } from 'playwright-core';
import { FakeSlack, postSigned } from '../notifications/slack-server';
import { call, loginAs, OWNER } from '../support/http';
import { addMember } from '../support/members';
import { type ConsoleEnv, openPage, screenshot, signIn, startConsole, visit } from './console-env';

jest.setTimeout(120_000);

const BOT_TOKEN = 'xoxb-4444-5555-consoletoken';
const SIGNING_SECRET = 'c0ffee0123456789abcdef0123456789';

describe('the console: Slack', () => {
  let ctx: ConsoleEnv;
  let page: Page;
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    ctx = await startConsole({ KEYLEDGER_SLACK_API_URL: slack.apiUrl });
    page = await openPage(ctx);
  });
  afterAll(async () => {
    await ctx.close();
    await slack.close();
  });

  it('an owner connects the app, links their Slack account with a code, and unlinks it', async () => {
    await signIn(page, OWNER.email, OWNER.password);
    await visit(page, 'Slack', 'Slack');
    const app = page.getByRole('region', { name: 'Slack app' });
    await app.getByText('Not configured').waitFor();
    await app.getByLabel('Channel').fill('C0CONSOLE');
    await app.getByLabel('Bot token (write-only)').fill(BOT_TOKEN);
    await app.getByLabel('Signing secret (write-only)').fill(SIGNING_SECRET);
    await app.getByLabel('Longest grant approvable from Slack').selectOption('86400');
    await app.getByRole('button', { name: 'Connect Slack' }).click();
    await app.getByText('grants longer than 1 day are approved in the console only').waitFor();
    await app.getByText('Interactivity Request URL').waitFor();
    expect(await app.getByLabel('Bot token (write-only)').inputValue()).toBe('');
    expect(await app.getByLabel('Longest grant approvable from Slack').inputValue()).toBe('86400');
    expect(await page.content()).not.toContain(BOT_TOKEN);
    await screenshot(page, 'slack-app');

    const me = page.getByRole('region', { name: 'Your Slack account' });
    await me.getByRole('button', { name: 'Get a link code' }).click();
    const command = (await me.getByLabel('Link command').textContent())!;
    expect(command).toMatch(/^\/keyledger link [A-Z0-9]{5}-[A-Z0-9]{5}$/);
    await screenshot(page, 'slack-link-code');
    const session = await loginAs(ctx.api.url);
    const res = await postSigned(
      `${ctx.api.url}/api/integrations/slack/${session.org_id}/commands`,
      {
        command: '/keyledger',
        text: command.replace('/keyledger ', ''),
        user_id: 'U0OWNER',
        team_id: 'T0CONSOLE',
      },
      SIGNING_SECRET,
    );
    expect(res.body.text).toMatch(/^Linked/);
    // The card polls while a code is out: the link shows without a reload.
    await me.getByText('Linked to Slack user').waitFor();
    await page
      .getByRole('region', { name: 'Members linked to Slack' })
      .getByRole('cell', { name: 'U0OWNER' })
      .waitFor();
    await screenshot(page, 'slack-linked');

    await me.getByRole('button', { name: 'Unlink Slack' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Unlink' }).click();
    await me.getByText('Not linked').waitFor();
    const link = await call(ctx.api.url, 'GET', '/api/admin/me/slack-link', { token: session.access_token });
    expect(link.body.slack_link.linked).toBe(false);
  });

  it('a viewer links their own account but sees no app settings', async () => {
    const owner = await loginAs(ctx.api.url);
    const viewer = await addMember(ctx.api, owner.access_token, 'viewer');
    const other = await openPage(ctx);
    await signIn(other, viewer.email, viewer.password);
    await visit(other, 'Slack', 'Slack');
    await other
      .getByRole('region', { name: 'Your Slack account' })
      .getByRole('button', { name: 'Get a link code' })
      .waitFor();
    expect(await other.getByRole('region', { name: 'Slack app' }).count()).toBe(0);
    await screenshot(other, 'slack-viewer');
  });
});
