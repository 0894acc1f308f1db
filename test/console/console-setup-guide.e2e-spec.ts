import type { Page } from 'playwright-core';
import { gate, startDocsSite, startModel, type Step } from '../catalog/setup-guide-servers';
import { OWNER } from '../support/http';
import { adminSession } from '../support/story';
import { type ConsoleEnv, DESKTOP, PHONE, screenshot, signIn, startConsole, visit } from './console-env';

jest.setTimeout(120_000);

/** The docs site the guide reads. */
const DOCS = {
  '/auth': `<!doctype html><html><head><title>Authentication – Acme API Docs</title>
<meta property="og:site_name" content="Acme"></head><body><main><article>
<h1>Authentication</h1>
<p>The Acme API authenticates every request with an API key. Keys are created in the dashboard and
belong to one workspace; a request without one fails with 401.</p>
<h2>Creating an API key</h2><ol><li>Open <b>Settings → API keys</b>.</li><li>Click <em>New key</em>.</li></ol>
<p>Send it as <code>Authorization: Bearer &lt;key&gt;</code> to <code>https://api.acme.dev/v1</code>.</p>
<h2>Scopes</h2><p>Select <code>widgets:read</code>, and <code>widgets:write</code> to change widgets.</p>
</article></main></body></html>`,
};

const GUIDE: Step[] = [
  { text: '## Create the key\n\n1. Open **Settings → API keys** in the Acme dashboard.\n' },
  { text: '2. Click **New key**, name it `keyledger`, and copy it: it is shown once.\n\n' },
];
const REST: Step[] = [
  { text: '## Scopes\n\nSelect `widgets:read`; add `widgets:write` only if agents change widgets.\n\n' },
  // What a page could make a model write: none of it may run or load in the console.
  { text: '<img src="/pixel.gif" onerror="window.__pwned = 1"> [the docs](javascript:window.__pwned=2)\n\n' },
  { text: '## Use it\n\nSend `Authorization: Bearer <key>` to `https://api.acme.dev/v1`.\n' },
  {
    text:
      '===KEYLEDGER-DRAFT===\n' +
      JSON.stringify({
        name: 'Acme',
        url: 'https://api.acme.dev/v1',
        auth_type: 'bearer_token',
        description: 'Widgets as a service',
        instructions: 'Send `Authorization: Bearer <credential>` to https://api.acme.dev/v1.',
        scopes: ['widgets:read', 'widgets:write'],
      }),
  },
  { usage: { prompt_tokens: 812, completion_tokens: 164 } },
];

describe('the console: Add tool → Draft from docs', () => {
  let ctx: ConsoleEnv;
  let docs: Awaited<ReturnType<typeof startDocsSite>>;
  let model: Awaited<ReturnType<typeof startModel>>;
  /** Each guide the model writes pauses after its first part until the test releases it. */
  const pauses: Array<ReturnType<typeof gate>> = [];

  beforeAll(async () => {
    docs = await startDocsSite(DOCS);
    model = await startModel(() => {
      const pause = gate(20_000);
      pauses.push(pause);
      return [...GUIDE, pause.step(), ...REST];
    });
    ctx = await startConsole({
      KEYLEDGER_OUTBOUND_ALLOW_PRIVATE: 'true', // the docs site is on loopback, as everything in tests
      KEYLEDGER_AI_BASE_URL: `${model.url}/v1`,
      KEYLEDGER_AI_MODEL: 'acme-writer',
    });
  });
  afterAll(async () => {
    await ctx.close();
    await model.close();
    await docs.close();
  });

  async function openAddTool(page: Page) {
    await visit(page, 'Tools', 'Tools');
    await page.getByRole('link', { name: 'Add tool' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add tool' }).waitFor();
  }

  async function draft(page: Page, path: string) {
    await page.getByLabel('Docs URL').fill(`${docs.url}${path}`);
    await page.getByRole('button', { name: 'Draft', exact: true }).click();
  }

  it('streams the guide as it is written, fills the form with the draft, and saves the tool', async () => {
    const page = await ctx.browser.newPage({ viewport: DESKTOP, baseURL: ctx.api.url });
    await signIn(page, OWNER.email, OWNER.password);
    await openAddTool(page);
    await draft(page, '/auth');

    // The model is paused halfway: what shows is the part written so far, and the form is still empty.
    const guide = page.getByRole('article', { name: 'Setup guide' });
    await guide.getByText('it is shown once').waitFor();
    await page.getByText('written by acme-writer at').waitFor();
    expect(await guide.getByRole('heading', { name: 'Scopes' }).count()).toBe(0);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    await page.getByRole('button', { name: 'Cancel' }).waitFor();
    await screenshot(page, 'setup-guide-streaming');

    pauses.at(-1)!.open('test');
    await page.getByText('The draft filled the form below.').waitFor();
    await guide.getByRole('heading', { name: 'Use it' }).waitFor();
    await page.getByText(/812 tokens in, 164 out/).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Acme');
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe('https://api.acme.dev/v1');
    expect(await page.getByLabel('Authentication').inputValue()).toBe('bearer_token');
    expect(await page.getByLabel('Usage instructions (Markdown)').inputValue()).toContain(
      'Bearer <credential>',
    );

    // Rendered safely: no raw HTML, no image loaded, no script link.
    expect(await guide.locator('img').count()).toBe(0);
    expect(await guide.getByRole('link', { name: 'the docs' }).getAttribute('href')).not.toMatch(
      /javascript/i,
    );
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await screenshot(page, 'setup-guide-drafted');

    // The admin edits the draft and saves it.
    await page.getByLabel('Description').fill('Widgets for the nightly reports');
    await page.getByLabel('Secret value').fill('acme_live_secret_value_1234');
    await page.getByRole('button', { name: 'Add tool' }).click();
    await page.getByRole('status').getByText('Acme added.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Acme' }).waitFor();
    const { admin } = await adminSession(ctx.api);
    const tools = (await admin('GET', '/api/admin/tools')).body.tools;
    expect(tools).toEqual([
      expect.objectContaining({
        name: 'Acme',
        url: 'https://api.acme.dev/v1',
        auth_type: 'bearer_token',
        description: 'Widgets for the nightly reports',
        has_secret: true,
      }),
    ]);
    await page.close();
  });

  it('streams at phone width, and Cancel stops the guide and the model', async () => {
    const page = await ctx.browser.newPage({ viewport: PHONE, baseURL: ctx.api.url });
    await signIn(page, OWNER.email, OWNER.password);
    await openAddTool(page);
    await draft(page, '/auth');
    const guide = page.getByRole('article', { name: 'Setup guide' });
    await guide.getByText('it is shown once').waitFor();
    await screenshot(page, 'phone-setup-guide-streaming');

    const calls = model.calls.length;
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Cancelled: the guide stopped where it was.').waitFor();
    for (let i = 0; i < 50 && !model.calls[calls - 1].closedEarly; i++) await page.waitForTimeout(100);
    expect(model.calls[calls - 1]).toMatchObject({ closedEarly: true, finished: false });
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    await page.close();
  });

  it('without a provider, labels the guide as extracted and says how to turn the AI guide on', async () => {
    const plain = await ctx.env.start({ KEYLEDGER_OUTBOUND_ALLOW_PRIVATE: 'true' });
    const page = await ctx.browser.newPage({ viewport: DESKTOP, baseURL: plain.url });
    await signIn(page, OWNER.email, OWNER.password);
    await openAddTool(page);
    await draft(page, '/auth');
    await page.getByText('The draft filled the form below.').waitFor();
    const guide = page.getByRole('article', { name: 'Setup guide' });
    await guide.getByText('Extracted from the page, not written by a model.').waitFor();
    await guide.getByText('Open Settings → API keys').waitFor();
    const howTo = page.locator('.notice.info');
    await howTo.getByText(/No AI provider is configured/).waitFor();
    for (const variable of ['KEYLEDGER_AI_BASE_URL', 'KEYLEDGER_AI_MODEL', 'KEYLEDGER_AI_API_KEY']) {
      await howTo.getByText(variable, { exact: true }).waitFor();
    }
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Acme');
    await screenshot(page, 'setup-guide-extracted');
    await page.close();
    await plain.close();
  });
});
