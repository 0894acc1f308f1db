import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { AppModule } from '../../apps/api/src/app.module';
import { ConsoleModule } from '../../apps/api/src/console/console.module';
import { createTestEnv, type RunningApp, type TestEnv } from '../support/app';

const ROOT = join(__dirname, '..', '..');
const CONSOLE = join(ROOT, 'apps', 'console');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'console');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** `npm run build` builds the console; a test run on its own rebuilds it when the sources are newer. */
export function ensureConsoleBuilt(): void {
  const index = join(CONSOLE, 'dist', 'index.html');
  const sources = Math.max(newest(join(CONSOLE, 'src')), statSync(join(CONSOLE, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(CONSOLE, 'vite.config.mts'),
      '--logLevel',
      'warn',
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

/**
 * Until app.module.ts imports ConsoleModule, add it the way that import will: the service
 * under test then serves the console exactly as `npm start` does.
 */
function wireConsole(): void {
  const forRoot = AppModule.forRoot.bind(AppModule);
  AppModule.forRoot = (...args: Parameters<typeof AppModule.forRoot>) => {
    const module = forRoot(...args);
    const imports = module.imports ?? [];
    return imports.includes(ConsoleModule) ? module : { ...module, imports: [...imports, ConsoleModule] };
  };
}

export interface ConsoleEnv {
  env: TestEnv;
  api: RunningApp;
  browser: Browser;
  close(): Promise<void>;
}

/** `variables`: more service configuration for this file's instance (a model server, say). */
export async function startConsole(variables: Record<string, string> = {}): Promise<ConsoleEnv> {
  ensureConsoleBuilt();
  wireConsole();
  mkdirSync(ARTIFACTS, { recursive: true });
  const env = await createTestEnv();
  // A browser driven by a script reads far faster than a person; the default tiers are tested elsewhere.
  const api = await env.start({
    KEYLEDGER_RATE_READ: '2000/1m',
    KEYLEDGER_RATE_ADMIN: '500/1m',
    ...variables,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    env,
    api,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await env.close();
    },
  };
}

export async function openPage(ctx: ConsoleEnv, viewport = DESKTOP): Promise<Page> {
  const context = await ctx.browser.newContext({ viewport, baseURL: ctx.api.url });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Opens a page from the navigation, waits for its heading, and saves a screenshot. */
export async function visit(page: Page, link: string, heading: string, shot?: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page
    .locator('.loading')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  if (shot) await screenshot(page, shot);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules and best practices) on the page as it stands, open
 * dialogs included, and answers the violations. Injected through the DevTools protocol, so
 * the console's Content-Security-Policy stays as served.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A function body as text: the test project has no DOM types, and it runs in the page.
  return page.evaluate(`(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '')),
    }));
  })()`);
}
