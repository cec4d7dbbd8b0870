import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestApp } from '../support/test-app';
import { demoApp } from './dashboard-fixtures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const available = existsSync(CHROMIUM);
const title = 'the overview dashboard in a browser (headless chromium)';

if (!available) {
  // Said plainly, so a run without a browser is not mistaken for a pass.
  console.warn(
    `SKIPPED: "${title}" — no browser at ${CHROMIUM}. Install Debian's chromium (apt-get install -y chromium), as .ci/run does, or set CHROMIUM_PATH.`,
  );
}

interface CardWidget {
  id: string;
  card: { value: number };
  measures: { format: string }[];
}

/** Digits of a formatted number: "1,234,567" → 1234567, "87.3%" → 87.3. */
const shown = (text: string) => Number(text.replace(/[^\d.-]/g, ''));

(available ? describe : describe.skip)(title, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await demoApp();
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1440, height: 1800 }, locale: 'en-US' });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const ready = () => page.waitForSelector('body[data-state="ready"]', { timeout: 20_000 });
  const api = async (query: string) =>
    (await (await page.request.get(`${base}/api/dashboards/key_account_overview/data?${query}`)).json()) as {
      widgets: CardWidget[];
    };
  const cardText = (id: string) => page.locator(`section[data-widget="${id}"] .ks-card-value`).innerText();

  it('signs in on the page and shows the numbers the API gives', async () => {
    await page.goto(`${base}/dashboards/key_account_overview?lang=en`);
    await page.fill('#ks-email', 'admin@keyscore.example');
    await page.fill('#ks-password', 'keyscore-demo');
    // The sign-in page has the dashboard's address: wait for the document that replaces it.
    await Promise.all([page.waitForEvent('load'), page.click('#ks-signin button[type=submit]')]);
    await ready();
    expect(await page.locator('h1').innerText()).toBe('Key-account overview');
    const data = await api('lang=en');
    const revenue = data.widgets.find((w) => w.id === 'revenue')!;
    expect(shown(await cardText('revenue'))).toBe(Math.round(revenue.card.value));
    const attainment = data.widgets.find((w) => w.id === 'attainment')!;
    expect(shown(await cardText('attainment'))).toBeCloseTo(attainment.card.value * 100, 1);
    // Every chart got drawn (a canvas each), every table its rows.
    expect(await page.locator('section[data-widget="revenue_by_type"] canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('section[data-widget="top_accounts"] tbody tr').count()).toBe(10);
    expect(await page.locator('.ks-error').count()).toBe(0);
  });

  it('applies a filter and shows the filtered numbers', async () => {
    await page.selectOption('select[name="accountType"]', 'multinational');
    await ready();
    await page.waitForFunction(() => location.search.includes('accountType=multinational'));
    await page.waitForSelector('body[data-state="ready"]');
    const data = await api('accountType=multinational&lang=en');
    const revenue = data.widgets.find((w) => w.id === 'revenue')!;
    await page.waitForFunction(
      (expected) =>
        document
          .querySelector('section[data-widget="revenue"] .ks-card-value')
          ?.getAttribute('data-value') === JSON.stringify(expected),
      revenue.card.value,
    );
    expect(shown(await cardText('revenue'))).toBe(Math.round(revenue.card.value));
    expect(await page.locator('section[data-widget="kpis_by_type"] tbody tr').count()).toBe(1);
  });

  it('drills down from a table row to its accounts and on to a score trace, and saves a screenshot', async () => {
    await page.locator('section[data-widget="top_accounts"] tbody tr').first().click();
    await page.waitForSelector('#ks-drill:not([hidden]) .ks-drill-table tbody tr');
    expect(await page.locator('#ks-drill .ks-drill-table tbody tr').count()).toBe(1);
    await page.locator('#ks-drill .ks-trace-link').first().click();
    await page.waitForSelector('#ks-drill .ks-trace-table tbody tr');
    expect(await page.locator('#ks-drill .ks-trace-table tbody tr').count()).toBeGreaterThan(5);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'dashboard-overview.png'))).toBe(true);
  });

  it('switches to Chinese and draws a chart as PNG', async () => {
    await page.goto(`${base}/dashboards/key_account_overview?lang=zh-CN`);
    await ready();
    expect(await page.locator('h1').innerText()).toBe('大客户总览');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('section[data-widget="revenue_by_type"] .ks-png').click(),
    ]);
    expect(download.suggestedFilename()).toBe('key_account_overview-revenue_by_type.png');
    await download.saveAs(join(ARTIFACTS, 'revenue_by_type.png'));
  });
});
