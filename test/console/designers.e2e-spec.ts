import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { builtinWorkflow } from '@keyscore/workflow';
import {
  ARTIFACTS,
  axeViolations,
  describeInBrowser,
  open,
  screenshot,
  startConsole,
  type ConsoleHarness,
} from './console-browser';

const ADMIN = 'admin@keyscore.example';
const QUARTERLY = builtinWorkflow('quarterly_review')!;

/** Steps drawn in the diagram (missing targets are drawn too, but are not steps). */
const drawnSteps = (page: Page) => page.locator('#ks-wf-diagram svg .ks-wf-node:not(.ks-wf-missing)').count();
/** The dashboard designer computes the widget a moment after each edit; wait until it answered. */
const settledPreview = async (page: Page) => {
  await page.waitForTimeout(500);
  await page.waitForFunction(() => document.body.dataset.previewing === undefined);
};
/** The designer re-checks the draft a moment after each edit; wait until it answered. */
const settled = async (page: Page) => {
  await page.waitForTimeout(400);
  await page.waitForFunction(() => document.body.dataset.checking === undefined);
};

describeInBrowser('the designers: workflows with their diagram, dashboards with a formula editor', () => {
  let c: ConsoleHarness;
  beforeAll(async () => {
    c = await startConsole();
  }, 120_000);
  afterAll(() => c?.close());

  it('draws a built-in workflow, adds a step, shows a problem next to its field, and saves once fixed', async () => {
    const page = await c.as(ADMIN);
    await open(page, '/console/workflows?lang=en');
    expect(await page.locator('a[data-key="quarterly_review"]').innerText()).toBe('Quarterly review');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'workflows');
    await page.click('a[data-key="quarterly_review"]');
    await page.waitForURL(/\/console\/workflows\/quarterly_review/);
    await page.waitForSelector('body[data-state="ready"]');

    // The diagram: one node per step, a title, and the same graph as a table.
    expect(await drawnSteps(page)).toBe(QUARTERLY.steps.length);
    expect(await page.locator('#ks-wf-diagram svg > title').textContent()).toBe(
      'Diagram of the workflow "Quarterly review"',
    );
    expect(await page.locator('#ks-wf-diagram svg').getAttribute('role')).toBe('img');
    expect(await page.locator('#ks-wf-steps tbody tr').count()).toBe(QUARTERLY.steps.length);
    expect(await page.locator('#ks-wf-diagram .ks-wf-edge-label').allTextContents()).toEqual(
      expect.arrayContaining(['approve', 'reject', 'return', 'otherwise']),
    );
    expect(await page.locator('#ks-wf-problems').innerText()).toContain('No problems found.');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'workflow-designer');
    await page.locator('#ks-wf-diagram').screenshot({ path: join(ARTIFACTS, 'workflow-diagram.png') });

    // Add a notification step: it is drawn, and it is not reachable until an arrow leads to it.
    await page.selectOption('#ks-wf-new-type', 'notify');
    await page.click('#ks-wf-add button[type=submit]');
    await settled(page);
    expect(await drawnSteps(page)).toBe(QUARTERLY.steps.length + 1);
    const added = QUARTERLY.steps.length;
    expect(await page.locator('#ks-wf-h-step').innerText()).toContain('New step');
    expect(await page.locator('.ks-wf-stepform > .ks-wf-msg').innerText()).toContain('cannot be reached');
    await page.fill(`[data-pointer="/steps/${added}/title/en"]`, 'Tell the manager');
    await page.fill(`[data-pointer="/steps/${added}/title/zh-CN"]`, '通知经理');
    // Lead the publication to it (a click on the node in the diagram opens the step).
    const publish = QUARTERLY.steps.findIndex((s) => s.id === 'publish');
    await page.click('#ks-wf-diagram .ks-wf-node[data-step="publish"]');
    await page.selectOption(`[data-pointer="/steps/${publish}/next"]`, `step_${added + 1}`);
    await settled(page);
    expect(await page.locator('#ks-wf-problems').innerText()).toContain('No problems found.');

    // A bad condition formula: the message sits next to the formula, the node and the list show it.
    const condition = QUARTERLY.steps.findIndex((s) => s.id === 'needs_calibration');
    await page.click(`#ks-wf-steps button[data-step="${condition}"]`);
    const when = page.locator(`[data-pointer="/steps/${condition}/branches/0/when"]`);
    await when.fill('score <');
    await settled(page);
    const message = page.locator(`.ks-wf-msg[data-for="/steps/${condition}/branches/0/when"]`);
    expect(await message.innerText()).toMatch(/^Condition formula, line 1, column \d+/);
    expect(await when.getAttribute('aria-invalid')).toBe('true');
    expect(await when.getAttribute('aria-describedby')).toContain(await message.getAttribute('id'));
    expect(
      await page
        .locator('#ks-wf-diagram .ks-wf-node[data-step="needs_calibration"]')
        .getAttribute('data-problems'),
    ).toBe('1');
    expect(await page.locator('#ks-wf-problems li').count()).toBe(1);
    expect(await page.locator('#ks-live').innerText()).toBe('1 problem found');
    await screenshot(page, 'workflow-designer-problem');
    await when.fill('OR(rating = "S", rating = "D", score < 60)');
    await settled(page);
    expect(await message.count()).toBe(0);
    expect(await when.getAttribute('aria-invalid')).toBeNull();

    // A dangling arrow: deleting a step leaves the arrows that led to it pointing at a missing node.
    await page.click('#ks-wf-diagram .ks-wf-node[data-step="calibration"]');
    await page.click('#ks-wf-delete');
    await settled(page);
    expect(await page.locator('#ks-wf-diagram .ks-wf-missing').getAttribute('data-step')).toBe('calibration');
    await page.click(`#ks-wf-steps button[data-step="${condition}"]`);
    const target = page.locator(`[data-pointer="/steps/${condition}/branches/0/next"]`);
    expect(await page.locator(`.ks-wf-msg[data-for="/steps/${condition}/branches/0/next"]`).innerText()).toBe(
      'There is no step "calibration"',
    );
    await target.selectOption('final_approval');
    await settled(page);
    expect(await page.locator('#ks-wf-problems').innerText()).toContain('No problems found.');

    // Save: the server's check agrees, and the draft is stored.
    await page.click('#ks-wf-save');
    await page.waitForFunction(
      () => document.getElementById('ks-live')?.textContent === 'Draft saved; it checks.',
    );
    const stored = await (await page.request.get('/api/documents/workflow/quarterly_review')).json();
    expect(stored.draftErrors).toEqual([]);
    expect(stored.draft.steps.map((s: { id: string }) => s.id)).toContain(`step_${added + 1}`);
    expect(stored.draft.steps.map((s: { id: string }) => s.id)).not.toContain('calibration');
    expect(await page.locator('#ks-wf-status').innerText()).toContain('draft saved');
  });

  it('creates a workflow as a copy of a built-in and publishes it', async () => {
    const page = await c.as(ADMIN, { lang: 'zh-CN' });
    await open(page, '/console/workflows?lang=zh-CN');
    await page.fill('#ks-new-workflow input[name=key]', 'monthly_review');
    await page.fill('#ks-new-workflow input[name=titleZh]', '月度考核');
    await page.fill('#ks-new-workflow input[name=titleEn]', 'Monthly review');
    await page.selectOption('#ks-new-workflow select[name=from]', 'adjustment_approval');
    await page.click('#ks-new-workflow button[type=submit]');
    await page.waitForURL(/\/console\/workflows\/monthly_review/);
    await page.waitForSelector('body[data-state="ready"]');
    expect(await drawnSteps(page)).toBe(builtinWorkflow('adjustment_approval')!.steps.length);
    expect(await page.locator('[data-pointer="/title/zh-CN"]').inputValue()).toBe('月度考核');
    await page.click('#ks-wf-publish');
    await page.waitForFunction(() => document.getElementById('ks-live')?.textContent === '已发布为第 1 版。');
    const versions = await (await page.request.get('/api/documents/workflow/monthly_review/versions')).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1]);
    await open(page, '/console/workflows?lang=zh-CN');
    expect(await page.locator('a[data-key="monthly_review"]').innerText()).toBe('月度考核');
  });

  it('designs a dashboard: a number card typed with completion, its live result, an underlined error, published', async () => {
    const page = await c.as(ADMIN);
    await open(page, '/console/dashboards?lang=en');
    expect(await page.locator('a[data-view="key_account_overview"]').getAttribute('href')).toBe(
      '/dashboards/key_account_overview?lang=en',
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'dashboards');
    await page.fill('#ks-new-dashboard input[name=key]', 'designer_check');
    await page.fill('#ks-new-dashboard input[name=titleZh]', '设计器检查');
    await page.fill('#ks-new-dashboard input[name=titleEn]', 'Designer check');
    await page.click('#ks-new-dashboard button[type=submit]');
    await page.waitForURL(/\/console\/dashboards\/designer_check/);
    await page.waitForSelector('body[data-state="ready"]');
    // An empty dashboard does not check yet: it needs a widget.
    expect(await page.locator('#ks-db-problems li').count()).toBeGreaterThan(0);

    // A number card; its measure typed with completion: a function, then a field.
    await page.selectOption('#ks-db-new-type', 'number');
    await page.click('#ks-db-add button[type=submit]');
    const formula = page.locator('[data-pointer="/widgets/0/measures/0/formula"]');
    await formula.fill('');
    await formula.pressSequentially('SU');
    const listId = await formula.getAttribute('aria-controls');
    const list = page.locator(`#${listId}`);
    await list.waitFor({ state: 'visible' });
    expect(await formula.getAttribute('aria-expanded')).toBe('true');
    const active = await formula.getAttribute('aria-activedescendant');
    expect(await page.locator(`#${active}`).getAttribute('data-name')).toBe('SUM');
    expect(await page.locator(`#${active}`).innerText()).toContain('SUM(values, …)');
    await screenshot(page, 'dashboard-designer-completion');
    await formula.press('Enter');
    expect(await formula.inputValue()).toBe('SUM(');
    await formula.pressSequentially('reve');
    await list.waitFor({ state: 'visible' });
    await page.locator(`#${listId} li[data-name="revenue"]`).click();
    expect(await formula.inputValue()).toBe('SUM(revenue');
    await formula.pressSequentially(')');
    await settledPreview(page);
    const result = page.locator('.ks-db-result');
    const live = JSON.parse((await result.getAttribute('data-value'))!) as number;
    const overview = await (await page.request.get('/api/dashboards/key_account_overview/data')).json();
    const revenue = overview.widgets.find((w: { id: string }) => w.id === 'revenue');
    expect(live).toBe(revenue.card.value);
    expect(await result.innerText()).toMatch(/^Live result: [\d,.]+$/);
    expect(await axeViolations(page)).toEqual([]);

    // A bad formula: the unknown field is underlined where it is, the message announced.
    await formula.fill('SUM(revenu)');
    await settledPreview(page);
    const underline = page.locator('[data-underline="/widgets/0/measures/0/formula"]');
    expect(await underline.locator('mark').innerText()).toBe('revenu');
    expect(await underline.getAttribute('data-start')).toBe('4');
    expect(await underline.innerText()).toBe('SUM(revenu)');
    expect(await formula.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#ks-live').innerText()).toContain('revenu');
    expect(await result.innerText()).toBe('Live result: —');
    await screenshot(page, 'dashboard-designer-error');
    // An unfinished one: the end of the formula is marked.
    await formula.fill('SUM(revenue) +');
    await settledPreview(page);
    expect(Number(await underline.getAttribute('data-start'))).toBeGreaterThanOrEqual(12);
    await formula.fill('SUM(revenue)');
    await settledPreview(page);
    expect(await underline.isHidden()).toBe(true);
    expect(await formula.getAttribute('aria-invalid')).toBeNull();

    await page.fill('[data-pointer="/widgets/0/title/en"]', 'Revenue this quarter');
    await page.fill('[data-pointer="/widgets/0/title/zh-CN"]', '本季度收入');
    await page.selectOption('[data-pointer="/widgets/0/measures/0/format"]', 'currency');
    await settledPreview(page);
    expect(await page.locator('#ks-db-problems').innerText()).toContain('No problems found.');
    await screenshot(page, 'dashboard-designer');

    // Another widget: added, moved before the card, removed again.
    await page.selectOption('#ks-db-new-type', 'bar');
    await page.click('#ks-db-add button[type=submit]');
    await settledPreview(page);
    const order = () =>
      page.locator('#ks-db-widgets li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-widget')));
    expect(await order()).toEqual(['widget_1', 'widget_2']);
    expect(await page.locator('.ks-db-result').first().innerText()).toMatch(/^Live result: \d+ groups, /);
    await page.getByRole('button', { name: 'Move "New widget 2" up' }).click();
    expect(await order()).toEqual(['widget_2', 'widget_1']);
    expect(await page.locator('#ks-live').innerText()).toBe('"New widget 2" is now widget 1.');
    await page.getByRole('button', { name: 'Remove "New widget 2"' }).click();
    expect(await order()).toEqual(['widget_1']);
    expect(await page.locator('[data-pointer="/widgets/0/title/en"]').inputValue()).toBe(
      'Revenue this quarter',
    );

    await page.click('#ks-db-publish');
    await page.waitForFunction(
      () => document.getElementById('ks-live')?.textContent === 'Published as version 1.',
    );
    const data = await (await page.request.get('/api/dashboards/designer_check/data')).json();
    expect(data.widgets[0].card.value).toBe(live);

    // The published page draws the widget.
    await page.click('#ks-db-view');
    await page.waitForURL(/\/dashboards\/designer_check\?lang=en/);
    await page.waitForSelector('body[data-state="ready"]');
    const card = page.locator('section[data-widget="widget_1"] .ks-card-value');
    expect(JSON.parse((await card.getAttribute('data-value'))!)).toBe(live);
    expect(await page.locator('section[data-widget="widget_1"] h2').innerText()).toBe('Revenue this quarter');
    await screenshot(page, 'dashboard-designed');
  });
});
