import type { Page } from 'playwright-core';
import { MULTINATIONAL_TEMPLATE } from '@keyscore/scoring';
import {
  axeViolations,
  describeInBrowser,
  open,
  ready,
  startConsole,
  type ConsoleHarness,
} from './console-browser';

jest.setTimeout(120_000);

/**
 * The new-cycle form offers, per account type, the published scorecard templates that fit it; the cycle
 * pins the version shown, and a refusal of the server lands next to the template's select.
 */
describeInBrowser('choosing scorecard templates for a new cycle in the console', () => {
  let c: ConsoleHarness;
  let admin: Page;
  let account: { id: string; code: string };

  const publish = async (key: string) => {
    const { version: _v, ...content } = MULTINATIONAL_TEMPLATE;
    await c.t.api
      .post('/api/documents/scorecard_template')
      .send({ key, content: { ...content, key, name: { 'zh-CN': `模板 ${key}`, en: `Template ${key}` } } })
      .expect(201);
    await c.t.api.post(`/api/documents/scorecard_template/${key}/publish`).expect(201);
  };

  beforeAll(async () => {
    c = await startConsole();
    await publish('mn_console');
    await publish('mn_soon_archived');
    const accounts = (await c.t.api.get('/api/accounts?limit=500').expect(200)).body.items as {
      id: string;
      code: string;
      accountType: string;
    }[];
    account = accounts.find((a) => a.accountType === 'multinational')!;
    admin = await c.as('admin@keyscore.example');
  }, 180_000);
  afterAll(() => c?.close());

  const fill = async (name: string) => {
    await admin.fill('#ks-new-cycle input[name=name]', name);
    await admin.fill('#ks-new-cycle input[name=period]', '2026-Q4');
    await admin.click('#ks-new-cycle details summary');
    await admin.check(`#ks-new-cycle input[data-code="${account.code}"]`);
  };

  it('lists the fitting published templates per account type and pins the chosen version', async () => {
    await open(admin, '/console/cycles?lang=en');
    const options = (type: string) =>
      admin
        .locator(`#ks-template-${type} option`)
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(await options('multinational')).toEqual(['', 'mn_console@1', 'mn_soon_archived@1']);
    expect(await options('local_enterprise')).toEqual(['']);
    expect(await admin.locator('label[for=ks-template-multinational]').textContent()).toBe(
      'Template for Multinational',
    );
    expect(await axeViolations(admin)).toEqual([]);

    await fill('Q4 with a template');
    await admin.selectOption('#ks-template-multinational', 'mn_console@1');
    await Promise.all([
      admin.waitForURL(/\/console\/cycles\/[0-9a-f-]{36}/),
      admin.click('#ks-new-cycle button[type=submit]'),
    ]);
    await ready(admin);
    const cycleId = new URL(admin.url()).pathname.split('/').pop()!;
    const cycle = (await c.t.api.get(`/api/cycles/${cycleId}`).expect(200)).body;
    expect(cycle.templates).toEqual({ multinational: { key: 'mn_console', version: 1 } });
    expect(await admin.locator('[data-templates]').textContent()).toBe(
      'Scorecard templates: multinational mn_console v1 · local large enterprise built in',
    );
  });

  it('shows a refusal next to the template it concerns, in Chinese, and creates nothing', async () => {
    await open(admin, '/console/cycles?lang=zh-CN');
    const before = (await c.t.api.get('/api/cycles').expect(200)).body.length;
    // Archived after the page listed it: the server refuses it.
    await c.t.api.post('/api/documents/scorecard_template/mn_soon_archived/archive').expect(200);
    await fill('Q4 archived');
    await admin.selectOption('#ks-template-multinational', 'mn_soon_archived@1');
    await admin.click('#ks-new-cycle button[type=submit]');
    await admin.waitForSelector('#ks-template-multinational[aria-invalid="true"]');
    const describedBy = await admin.locator('#ks-template-multinational').getAttribute('aria-describedby');
    expect(await admin.locator(`[id="${describedBy!.split(' ').pop()}"]`).textContent()).toMatch(/已归档/);
    expect((await c.t.api.get('/api/cycles').expect(200)).body).toHaveLength(before);
  });
});
