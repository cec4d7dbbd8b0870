import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { JobName } from '@keyscore/queue';
import { startTestApp, type TestApp } from '../support/test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', 'artifacts', 'console');
export const BROWSER_AVAILABLE = existsSync(CHROMIUM);
export const DEMO_PASSWORD = 'keyscore-demo';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** `describe`, or `describe.skip` with the reason said plainly when there is no browser. */
export function describeInBrowser(title: string, body: () => void): void {
  if (!BROWSER_AVAILABLE) {
    console.warn(
      `SKIPPED: "${title}" — no browser at ${CHROMIUM}. Install Debian's chromium (apt-get install -y chromium), as .ci/run does, or set CHROMIUM_PATH.`,
    );
    describe.skip(title, body);
  } else describe(title, body);
}

export interface ConsoleHarness {
  t: TestApp;
  base: string;
  browser: Browser;
  /** A fresh browser context (own cookies) signed in as a demo user, on the given page of the console. */
  as(
    email: string,
    options?: { viewport?: { width: number; height: number }; lang?: 'en' | 'zh-CN' },
  ): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The demo workspace (with the worker, so cycles run) listening on a loopback port, and a headless
 * chromium. Each `as()` is a separate browser context, so several users can act side by side. `env` adds
 * configuration (e.g. CONNECTOR_ALLOWLIST for a source on 127.0.0.1).
 */
export async function startConsole(
  options: { jobs?: JobName[]; env?: Record<string, string> } = {},
): Promise<ConsoleHarness> {
  const env = { DEMO_DATA: 'true', ...options.env };
  const t = await startTestApp({ worker: true, jobs: options.jobs, env });
  await t.app.listen(0, '127.0.0.1');
  const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const contexts: BrowserContext[] = [];
  return {
    t,
    base,
    browser,
    async as(email, opts = {}) {
      const context = await browser.newContext({
        viewport: opts.viewport ?? { width: 1280, height: 900 },
        locale: opts.lang === 'zh-CN' ? 'zh-CN' : 'en-US',
        baseURL: base,
      });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      // A script error in a page is a failure worth seeing in the test output.
      page.on('pageerror', (error) =>
        console.error(`page error (${email}) at ${page.url()}: ${error.message}`),
      );
      await page.goto(`/console/sign-in?lang=${opts.lang ?? 'en'}`);
      await ready(page);
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/console'),
        page.click('#ks-signin button[type=submit]'),
      ]);
      await ready(page);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}

/** Waits until the page script has drawn the page. */
export async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20_000 });
}

/** Opens a console page and waits for it to be drawn. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await ready(page);
}

/** Saves a full-page screenshot under test/artifacts/console. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; the violations of the given impacts (critical by default). */
export async function axeViolations(page: Page, impacts: string[] = ['critical']): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol: the page's CSP (no inline scripts) stays on for the page itself.
  await page.evaluate(`${AXE_SOURCE}\n;true`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact && impacts.includes(v.impact));
}
