import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import {
  axeViolations,
  describeInBrowser,
  open,
  screenshot,
  startConsole,
  type ConsoleHarness,
} from './console-browser';

const CRM_SECRET = 'Bearer crm-secret-never-shown';

/** A CRM on 127.0.0.1 that the connector pulls from (CONNECTOR_ALLOWLIST permits it for this file only). */
async function startCrm(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/crm/revenue') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end('{}');
    }
    if (req.headers.authorization !== CRM_SECRET) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end('{"error":"unauthorized"}');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        data: {
          items: [
            { id: 'r1', account: 'MNC001', month: '2026-07', amountK: 1.2 },
            { id: 'r2', account: 'MNC001', month: '2026-08', amountK: 1.5 },
          ],
        },
      }),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Waits until the live region says what is expected; its text. */
async function said(page: Page, expected: RegExp): Promise<string> {
  await page.waitForFunction(
    ([source, flags]) =>
      new RegExp(source, flags).test(document.getElementById('ks-live')?.textContent ?? ''),
    [expected.source, expected.flags] as const,
  );
  return page.locator('#ks-live').innerText();
}

describeInBrowser('the administration pages of the console', () => {
  let c: ConsoleHarness;
  let crm: { server: Server; base: string };
  let admin: Page;

  beforeAll(async () => {
    crm = await startCrm();
    c = await startConsole({ env: { CONNECTOR_ALLOWLIST: '127.0.0.1' } });
    admin = await c.as('admin@keyscore.example');
    admin.setDefaultTimeout(10_000);
  }, 120_000);
  afterAll(async () => {
    await c?.close();
    crm?.server.closeAllConnections();
    await new Promise((done) => crm?.server.close(done));
  });

  it('lists the KPI library by family and both built-in templates', async () => {
    await open(admin, '/console/kpis?lang=en');
    expect(await admin.locator('h1').innerText()).toBe('KPIs and scorecard templates');
    const templates = await admin.locator('.ks-template h3').allInnerTexts();
    expect(templates).toEqual(expect.arrayContaining(['Multinational enterprise', 'Local large enterprise']));
    const satisfaction = admin.locator('[data-kpi=customer_satisfaction]').locator('xpath=ancestor::tr');
    expect(await satisfaction.innerText()).toMatch(/Fixed: 90/);
    expect(await satisfaction.innerText()).toMatch(/0 points at 60, 100 at the target/);
    expect(
      await admin.locator('[data-kpi=international_compliance]').locator('xpath=ancestor::tr').innerText(),
    ).toMatch(/Gate: more than 0 breaches scores 0 and caps the account total at 60/);
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-kpis');
  });

  it('edits a copy of a template: the weight sum is checked live, saving refused until 100, then published', async () => {
    await open(admin, '/console/kpis?lang=en');
    await admin.click('[data-template=multinational] button');
    await admin.fill('#ks-new-template input[name=key]', 'multinational_2027');
    await Promise.all([
      admin.waitForURL(/\/console\/kpis\/multinational_2027/),
      admin.click('#ks-new-template button[type=submit]'),
    ]);
    await admin.waitForSelector('body[data-state=ready]');
    const sum = admin.locator('output.ks-sum');
    expect(await sum.innerText()).toMatch(/Sum 100 \/ 100/);

    await admin.fill('input[name=weight-profit]', '7');
    expect(await sum.innerText()).toMatch(/Sum 95 \/ 100/);
    expect(await sum.getAttribute('class')).toContain('ks-sum-off');
    await admin.click('button[value=draft]');
    await said(admin, /Not saved: the weights sum to 95/);
    expect(await sum.getAttribute('aria-invalid')).toBe('true');
    const stored = await c.t.api.get('/api/documents/scorecard_template/multinational_2027').expect(200);
    expect(stored.body.revision).toBe(1);
    await screenshot(admin, 'admin-template-sum-95');

    // 100 again, but long-term KPIs now weigh too little: the server's problem lands at the balance line.
    await admin.fill('input[name=weight-profit]', '20');
    await admin.fill('input[name=weight-cultural_adaptation]', '0');
    expect(await sum.innerText()).toMatch(/Sum 100 \/ 100/);
    await admin.click('button[value=publish]');
    await admin.waitForSelector('[data-pointer="/draft/horizonBalance"][aria-invalid=true]');
    expect(await admin.locator('[data-pointer="/draft/horizonBalance"] + .ks-problem').innerText()).toMatch(
      /Long-horizon KPIs weigh 13, the balance asks for 21/,
    );

    await admin.fill('input[name=weight-profit]', '12');
    await admin.fill('input[name=weight-cultural_adaptation]', '8');
    await admin.click('button[value=publish]');
    await said(admin, /Published version 1/);
    await admin.waitForSelector('#ks-versions-h ~ table [data-version="1"]');

    // A second version, with a target override, and what changed.
    await admin.fill('input[name=weight-profit]', '11');
    await admin.fill('input[name=weight-key_account_revenue]', '13');
    await admin.selectOption('select[name=target-repeat_purchase_rate]', 'fixed');
    await admin.fill('input[name=target-value-repeat_purchase_rate]', '85');
    // Own rating bands start from the inherited ones; a band out of order is refused at its minimum.
    await admin.check('#ks-own-bands');
    expect(await admin.locator('fieldset.ks-band').count()).toBe(5);
    const secondMin = admin.locator('fieldset.ks-band').nth(1).locator('input[name=bandMin]');
    await secondMin.fill('99');
    await admin.click('button[value=publish]');
    await admin.waitForSelector('[data-pointer="/draft/ratingBands/1/min"][aria-invalid=true]');
    expect(await secondMin.getAttribute('aria-invalid')).toBe('true');
    await secondMin.fill('88');
    await admin.click('button[value=publish]');
    await admin.waitForSelector('#ks-versions-h ~ table [data-version="2"]');
    const v2 = (
      await c.t.api.get('/api/documents/scorecard_template/multinational_2027/versions/2').expect(200)
    ).body.content;
    expect(v2.entries.find((e: { kpi: string }) => e.kpi === 'repeat_purchase_rate')).toEqual({
      kpi: 'repeat_purchase_rate',
      weight: 8,
      target: { type: 'fixed', value: 0.85 },
    });
    await admin.click('#ks-versions-h ~ table details summary');
    await admin.waitForSelector('.ks-changes li');
    const changes = await admin.locator('.ks-changes').innerText();
    expect(changes).toMatch(/Profit · weight: 12 → 11/);
    expect(changes).toMatch(/Repeat purchase rate · target: — → Fixed: 85%/);
    expect(changes).toMatch(/rating bands: — → S ≥ 95 Outstanding · A ≥ 88 Excellent/);
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-template-published');
  });

  it('creates an API key with a scope, shows its secret once, and revokes it after a confirmation', async () => {
    await open(admin, '/console/api-keys?lang=en');
    await admin.fill('#ks-new-key input[name=name]', 'CRM revenue sync');
    await admin.check('#ks-new-key input[value="metric-values:write"]');
    await admin.check('#ks-scope-metric-values-write-limit');
    await admin.check('#ks-scope-metric-values-write-revenue');
    await admin.click('#ks-new-key button[type=submit]');
    const secret = await admin.locator('#ks-secret').inputValue();
    expect(secret).toMatch(/^ksk_/);
    expect(await admin.locator('#ks-secret-warning').innerText()).toMatch(/will not be shown again/);
    const row = admin.locator('#ks-keys tr', { has: admin.locator('[data-key-name="CRM revenue sync"]') });
    expect(await row.innerText()).toMatch(/Write metric values \(only: Revenue\)/);
    expect(await row.innerText()).toMatch(/never/);
    // The key works for what it may do, and its use shows.
    await c.t.anonymous.get('/api/metrics').set('Authorization', `Bearer ${secret}`).expect(403);
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-api-key-secret');

    await open(admin, '/console/api-keys?lang=en');
    expect(await admin.locator('#ks-secret').count()).toBe(0);
    expect(await admin.content()).not.toContain(secret);
    expect(await row.innerText()).not.toMatch(/never/);

    await row.locator('button[data-revoke]').click();
    expect(await row.innerText()).toMatch(/Revoke the key “CRM revenue sync”\?/);
    await row.locator('button', { hasText: 'Yes, revoke' }).click();
    await admin.waitForSelector('#ks-keys [data-status=revoked]');
    await said(admin, /is revoked/);
    await c.t.anonymous.get('/api/accounts').set('Authorization', `Bearer ${secret}`).expect(401);
  });

  it('creates a connector (the server refuses a private address and a bad formula at their fields), dry-runs and runs it', async () => {
    await open(admin, '/console/connectors?lang=en');
    await admin.click('#ks-new-connector');
    const form = admin.locator('#ks-connector-form');
    await form.locator('input[name=key]').fill('crm-revenue');
    await form.locator('input[name=name]').fill('CRM revenue');
    await form.locator('input[name=url]').fill('http://10.0.0.1/crm/revenue');
    await form.locator('input[name=itemsPointer]').fill('/data/items');
    await form.locator('input[name=map-accountCode]').fill('/account');
    await form.locator('input[name=map-period]').fill('/month');
    await form.locator('input[name=map-value]').fill('=amountK*');
    await form.locator('input[name=map-sourceRecordId]').fill('/id');
    await form.locator('select[name=metricKeyConst]').selectOption('revenue');
    await form.locator('input[name=metricKeys][value=revenue]').check();
    await form.locator('button[type=submit]').click();
    await admin.waitForSelector('[data-pointer="/body/mapping/value"][aria-invalid=true]');
    expect(await form.locator('[data-pointer="/body/mapping/value"] + .ks-problem').innerText()).toMatch(
      /formula/i,
    );

    await form.locator('input[name=map-value]').fill('=amountK*1000');
    await form.locator('button[type=submit]').click();
    await admin.waitForSelector('[data-pointer="/body/url"][aria-invalid=true]');
    expect(await form.locator('[data-pointer="/body/url"] ~ .ks-problem').innerText()).toMatch(
      /Refused: "10\.0\.0\.1".*CONNECTOR_ALLOWLIST/,
    );
    await screenshot(admin, 'admin-connector-refused');

    await form.locator('input[name=url]').fill(`${crm.base}/crm/revenue`);
    await form.locator('button[type=submit]').click();
    await said(admin, /Connector crm-revenue created/);
    expect(await admin.locator('#ks-connectors-h ~ div table').innerText()).toMatch(/CRM revenue/);

    // Without the CRM's secret the source answers 401, and the dry run says so.
    await admin.click('#ks-dry-run-button');
    await said(admin, /answered HTTP 401/);

    // The secret is write-only: saved, then never shown again.
    await form.locator('input[name=useAuth]').check();
    await form.locator('input[name=secretValue]').fill(CRM_SECRET);
    await form.locator('button[type=submit]').click();
    await said(admin, /Connector saved/);
    expect(await admin.locator('#ks-connector').innerText()).toMatch(/Stored secrets: token/);
    expect(await form.locator('input[name=secretValue]').inputValue()).toBe('');
    expect(await admin.content()).not.toContain('crm-secret-never-shown');

    await admin.click('#ks-dry-run-button');
    await admin.waitForSelector('#ks-dry-run table');
    const dry = await admin.locator('#ks-dry-run').innerText();
    expect(dry).toMatch(/First page: 2 items, 2 rows mapped, 0 items failed/);
    expect(dry).toMatch(/MNC001\s+Revenue\s+2026-07\s+1,200/);

    await admin.click('#ks-run-now');
    await admin.waitForSelector('#ks-runs [data-run-status=succeeded]', { timeout: 30_000 });
    expect(await admin.locator('#ks-runs').innerText()).toMatch(/succeeded\s+1\s+2/);
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-connector');
  });

  it('shows those actions in the audit log, with what changed, and verifies the chain', async () => {
    await open(admin, '/console/audit?lang=en');
    const actions = await admin
      .locator('[data-action]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action));
    for (const action of ['api_key.create', 'api_key.revoke', 'connector.create', 'document.publish'])
      expect(actions).toContain(action);
    const revoke = admin.locator('tr', { has: admin.locator('[data-action="api_key.revoke"]') });
    expect(await revoke.innerText()).toMatch(/Admin/);
    await revoke.locator('summary').click();
    expect(await revoke.locator('.ks-diff table').innerText()).toMatch(/\/revokedAt/);

    await admin.fill('#ks-audit-filters input[name=entityType]', 'scorecard_template');
    await admin.click('#ks-audit-filters button[type=submit]');
    await admin.waitForFunction(() => !document.querySelector('[data-action^="api_key"]'));
    const templateActions = await admin
      .locator('[data-action]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.action));
    expect(new Set(templateActions)).toEqual(
      new Set(['document.create', 'document.save_draft', 'document.publish']),
    );

    await admin.click('#ks-verify');
    await admin.waitForSelector('#ks-verify-result[data-ok=true]');
    expect(await admin.locator('#ks-verify-result').innerText()).toMatch(
      /The chain holds: \d+ entries checked/,
    );
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-audit');
  });

  it('lists users and creates one linked to a person of the directory', async () => {
    await open(admin, '/console/users?lang=en');
    expect(await admin.locator('#ks-users').innerText()).toMatch(/admin@keyscore\.example/);
    await admin.fill('#ks-new-user input[name=displayName]', 'Zhou Min');
    await admin.fill('#ks-new-user input[name=email]', 'zhou.min@keyscore.example');
    await admin.fill('#ks-new-user input[name=password]', 'short');
    await admin.selectOption('#ks-new-user select[name=role]', 'reviewer');
    const person = await admin
      .locator('#ks-new-user select[name=personId] option')
      .nth(1)
      .getAttribute('value');
    await admin.selectOption('#ks-new-user select[name=personId]', person!);
    await admin.click('#ks-new-user button[type=submit]');
    await admin.waitForSelector('[data-pointer="/body/password"][aria-invalid=true]');
    await admin.fill('#ks-new-user input[name=password]', 'a-long-enough-password');
    await admin.click('#ks-new-user button[type=submit]');
    await said(admin, /User zhou\.min@keyscore\.example created/);
    expect(await admin.locator('#ks-users').innerText()).toMatch(
      /Zhou Min\s+zhou\.min@keyscore\.example\s+Reviewer/,
    );
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-users');
  });

  it('draws the administration pages in Chinese at phone width', async () => {
    const phone = await c.as('admin@keyscore.example', {
      lang: 'zh-CN',
      viewport: { width: 390, height: 844 },
    });
    for (const path of ['kpis', 'connectors', 'api-keys', 'audit', 'users']) {
      await open(phone, `/console/${path}?lang=zh-CN`);
      expect(await phone.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await axeViolations(phone)).toEqual([]);
    }
    await open(phone, '/console/kpis?lang=zh-CN');
    expect(await phone.locator('.ks-template h3').allInnerTexts()).toEqual(
      expect.arrayContaining(['跨国企业客户考核模板', '本地大型企业客户考核模板']),
    );
    await screenshot(phone, 'admin-kpis-phone-zh');
  });

  it('keeps the administration pages from other roles', async () => {
    const manager = await c.as('li.na@keyscore.example');
    for (const path of ['kpis', 'connectors', 'api-keys', 'audit', 'users']) {
      const response = await manager.goto(`/console/${path}?lang=en`);
      expect(response?.status()).toBe(403);
    }
  });
});
