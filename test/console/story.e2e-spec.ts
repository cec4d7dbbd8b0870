import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { WorkflowInstanceEntity } from '@keyscore/persistence';
import { eventually } from '../support/test-app';
import {
  axeViolations,
  describeInBrowser,
  open,
  ready,
  screenshot,
  startConsole,
  type ConsoleHarness,
} from './console-browser';

interface Instance {
  id: string;
  status: string;
  stage: string[];
  tasks: { id: string; stepId: string; status: string; assignee: string }[];
}

/**
 * The whole story on the demo workspace, in a browser, one user per browser context: an admin launches a
 * quarterly cycle for one account; its account manager submits the self-assessment (a required answer
 * missing first); the admin checks the data; the reviewer returns it once, then approves; every later
 * approval is given in the inbox by whoever holds it; the cycle closes and the overview dashboard shows the
 * new score. (The survey part of the story — a form designed without JSON and answered on a phone — is in
 * form-designer.e2e-spec.ts.)
 */
jest.setTimeout(120_000);

describeInBrowser('the review story in the console (admin, account manager, reviewer)', () => {
  let c: ConsoleHarness;
  let admin: Page;
  let manager: Page;
  let reviewer: Page;
  const period = '2026-Q3';
  let account: { id: string; code: string; name: string };
  let cycleId: string;
  const emailOf = new Map<string, string>();

  /** The cycle's one review as the API shows it (read by the test, not by a user). */
  const instance = async (): Promise<Instance> => {
    const row = await eventually(
      () => c.t.app.get(DataSource).getRepository(WorkflowInstanceEntity).findOneBy({ cycleId }),
      30_000,
    );
    return (await c.t.api.get(`/api/workflow-instances/${row!.id}`).expect(200)).body as Instance;
  };

  /** The one open task of the instance, once the workers have moved it there. */
  const openTask = async (stepId?: string) =>
    eventually(async () => {
      const current = await instance();
      const task = current.tasks.find((t) => t.status === 'open' && (!stepId || t.stepId === stepId));
      return task ?? false;
    }, 30_000);

  /** Opens a task from the inbox of the signed-in user, as a user would. */
  const fromInbox = async (page: Page, taskId: string) => {
    await open(page, '/console/inbox?lang=en');
    await page.click(`a[href^="/console/tasks/${taskId}"]`);
    await ready(page);
  };

  /** Types into every visible text box of the task's form (a conditional one stays hidden). */
  const fillTexts = async (page: Page, text: string) => {
    const boxes = page.locator('.ks-task-form textarea:visible');
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).fill(text);
  };

  /** Submits the task's form; fails with what the page says if it is refused. */
  const submitForm = async (page: Page) => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/complete') && r.request().method() === 'POST'),
      page.click('.ks-task-form button[type=submit]:not([value=draft])'),
    ]);
    if (!response.ok()) throw new Error(`refused (${response.status()}): ${await response.text()}`);
    await page.waitForSelector('[data-status="done"]');
  };

  const decide = async (page: Page, outcome: 'approve' | 'return', comment: string) => {
    await page.fill('.ks-decision textarea[name=comment]', comment);
    await page.click(`.ks-decision button[value=${outcome}]`);
    await page.waitForSelector('[data-status="done"]');
  };

  beforeAll(async () => {
    c = await startConsole();
    const users = (await c.t.api.get('/api/users').expect(200)).body as {
      id: string;
      email: string;
      personId: string | null;
    }[];
    for (const u of users) emailOf.set(u.id, u.email);
    const liNa = users.find((u) => u.email === 'li.na@keyscore.example')!;
    const accounts = (await c.t.api.get(`/api/accounts?managerId=${liNa.personId}`).expect(200)).body.items;
    account = accounts[0];
    [admin, manager, reviewer] = await Promise.all([
      c.as('admin@keyscore.example'),
      c.as('li.na@keyscore.example'),
      c.as('wang.jianguo@keyscore.example'),
    ]);
  }, 180_000);
  afterAll(() => c?.close());

  it('the admin creates a quarterly cycle for one account, sees the preview and launches it', async () => {
    await open(admin, '/console/cycles?lang=en');
    expect(await axeViolations(admin)).toEqual([]);
    await admin.fill('#ks-new-cycle input[name=name]', `Story review ${period}`);
    // A malformed quarter is refused next to its field, and nothing is created.
    await admin.fill('#ks-new-cycle input[name=period]', '2026-7');
    await admin.click('#ks-new-cycle details summary');
    await admin.check(`#ks-new-cycle input[data-code="${account.code}"]`);
    await admin.click('#ks-new-cycle button[type=submit]');
    await admin.waitForSelector('#ks-new-cycle input[name=period][aria-invalid="true"]');
    expect((await c.t.api.get('/api/cycles').expect(200)).body).toHaveLength(2);
    await admin.fill('#ks-new-cycle input[name=period]', period);
    await Promise.all([
      admin.waitForURL(/\/console\/cycles\/[0-9a-f-]{36}/),
      admin.click('#ks-new-cycle button[type=submit]'),
    ]);
    await ready(admin);
    cycleId = new URL(admin.url()).pathname.split('/').pop()!;
    expect(await admin.locator('[data-instances]').getAttribute('data-instances')).toBe('1');
    await screenshot(admin, 'story-1-cycle-preview');
    await admin.click('#ks-launch');
    await admin.waitForSelector('[data-status="running"]');
    expect(await admin.locator('.ks-progress[role=progressbar]').count()).toBe(1);
    expect(await axeViolations(admin)).toEqual([]);
  });

  it('the account manager submits the self-assessment, fixing a missing answer first', async () => {
    const task = await openTask('self_assessment');
    expect(emailOf.get(task.assignee)).toBe('li.na@keyscore.example');
    await fromInbox(manager, task.id);
    expect(await axeViolations(manager)).toEqual([]);
    await fillTexts(manager, 'Renewed the framework agreement; revenue up 25% year on year.');
    // Every required self-score but the first.
    const groups = manager.locator('.ks-task-form .ks-group[role=radiogroup]');
    const count = await groups.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 1; i < count; i++) await groups.nth(i).locator('input[type=radio]').nth(3).check();
    await manager.click('.ks-task-form button[type=submit]:not([value=draft])');
    const first = groups.nth(0);
    await manager.waitForSelector('.ks-task-form .ks-group[aria-invalid="true"]');
    expect(await first.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await first.getAttribute('aria-describedby'))!.split(' ');
    const message = manager.locator(`#${describedBy[describedBy.length - 1]}`);
    expect(await message.innerText()).toMatch(/required/i);
    await screenshot(manager, 'story-2-self-assessment-error');
    await first.locator('input[type=radio]').nth(4).check();
    await submitForm(manager);
  });

  it('the admin checks the data; the reviewer returns the review once with a comment', async () => {
    const check = await openTask('data_check');
    expect(emailOf.get(check.assignee)).toBe('admin@keyscore.example');
    await fromInbox(admin, check.id);
    // The scores computed after the self-assessment are on the task, with their trace.
    expect(await admin.locator('.ks-scorecard .ks-score-total').count()).toBe(1);
    await decide(admin, 'approve', 'Data checked against the CRM.');

    const review = await openTask('manager_review');
    expect(emailOf.get(review.assignee)).toBe('wang.jianguo@keyscore.example');
    await fromInbox(reviewer, review.id);
    expect(await axeViolations(reviewer)).toEqual([]);
    await reviewer.click('.ks-scorecard details summary >> nth=0');
    expect(await reviewer.locator('.ks-scorecard details[open] .ks-trace-dl').count()).toBe(1);
    await screenshot(reviewer, 'story-3-manager-review');
    // A decision without a comment is refused, next to the comment.
    await reviewer.click('.ks-decision button[value=return]');
    await reviewer.waitForSelector('.ks-decision textarea[aria-invalid="true"]');
    await decide(reviewer, 'return', 'Please add the cash collected this quarter.');
  });

  it('the account manager resubmits, and the reviewer and every later approver approve', async () => {
    const again = await openTask('self_assessment');
    await fromInbox(manager, again.id);
    await fillTexts(manager, 'Renewed the framework agreement; cash collected 12.4 M.');
    const groups = manager.locator('.ks-task-form .ks-group[role=radiogroup]');
    for (let i = 0; i < (await groups.count()); i++)
      await groups.nth(i).locator('input[type=radio]').nth(3).check();
    await submitForm(manager);

    const pages: Record<string, Page> = {
      'admin@keyscore.example': admin,
      'wang.jianguo@keyscore.example': reviewer,
      'li.na@keyscore.example': manager,
    };
    const approved: string[] = [];
    for (let round = 0; round < 8; round++) {
      const current = await eventually(async () => {
        const i = await instance();
        return i.status !== 'running' || i.tasks.some((t) => t.status === 'open') ? i : false;
      }, 30_000);
      if (current.status !== 'running') break;
      const task = current.tasks.find((t) => t.status === 'open')!;
      const page = pages[emailOf.get(task.assignee)!];
      expect(page).toBeDefined();
      await fromInbox(page, task.id);
      await decide(page, 'approve', `Approved at ${task.stepId}.`);
      approved.push(task.stepId);
    }
    expect(approved[0]).toBe('data_check');
    expect(approved).toContain('manager_review');
    expect(approved[approved.length - 1]).toBe('final_approval');
    const done = await eventually(async () => {
      const i = await instance();
      return i.status === 'completed' ? i : false;
    }, 30_000);
    expect(done.stage).toEqual([]);
  });

  it('the account manager sees the score with its trace under my reviews', async () => {
    await open(manager, '/console/my?lang=en');
    const row = manager.locator('tr', { hasText: period });
    expect(await row.count()).toBeGreaterThan(0);
    await row.first().locator('a').first().click();
    await ready(manager);
    expect(Number(await manager.locator('.ks-score-total').getAttribute('data-score'))).toBeGreaterThan(0);
    expect(await axeViolations(manager)).toEqual([]);
  });

  it('the admin closes the cycle and the overview dashboard shows the new score', async () => {
    await open(admin, `/console/cycles/${cycleId}?lang=en`);
    await admin.click('#ks-close button[type=submit]');
    await admin.waitForSelector('[data-status="closed"]');
    const scores = (await c.t.api.get(`/api/cycles/${cycleId}/scores`).expect(200)).body as {
      accountId: string;
      score: number;
      lockedAt: string | null;
    }[];
    expect(scores).toHaveLength(1);
    expect(scores[0].lockedAt).not.toBeNull();
    await screenshot(admin, 'story-5-cycle-closed');

    await open(admin, `/console/calibration/${cycleId}?lang=en`);
    expect(await admin.locator('#ks-calibration table').count()).toBe(3);
    expect(await axeViolations(admin)).toEqual([]);

    const data = (
      await c.t.api.get(`/api/dashboards/key_account_overview/data?period=${period}&lang=en`).expect(200)
    ).body as { widgets: { id: string; rows?: { key: unknown[]; values: unknown[] }[] }[] };
    const table = data.widgets.find((w) => w.id === 'account_scores')!;
    expect(table.rows).toEqual([expect.objectContaining({ key: [account.id] })]);
    expect(table.rows![0].values[0]).toBeCloseTo(scores[0].score, 2);
    await admin.goto(`/dashboards/key_account_overview?period=${period}&lang=en`);
    await admin.waitForSelector('body[data-state="ready"]', { timeout: 20_000 });
    expect(await admin.locator('.ks-error').count()).toBe(0);
    const shown = await admin.locator('section[data-widget="account_scores"] tbody tr').first().innerText();
    expect(shown).toContain(scores[0].score.toFixed(1).replace(/\.0$/, ''));
    await screenshot(admin, 'story-6-overview-dashboard');
  });

  it('the account manager disputes the published score with a reason, which opens a dispute review', async () => {
    await open(manager, '/console/my?lang=en');
    await manager.click(`button[data-dispute="${account.id}"] >> nth=0`);
    await manager.fill('#ks-dispute textarea[name=reason]', 'bad');
    await manager.click('#ks-dispute button[type=submit]');
    await manager.waitForSelector('#ks-dispute textarea[aria-invalid="true"]');
    await manager.fill(
      '#ks-dispute textarea[name=reason]',
      'The Q3 satisfaction survey closed before two replies arrived.',
    );
    await manager.click('#ks-dispute button[type=submit]');
    await manager.waitForFunction(() =>
      document.getElementById('ks-live')?.textContent?.includes('Dispute sent'),
    );
    // A score-dispute review runs for the account, waiting on the department head's decision.
    const dispute = await eventually(
      () =>
        c.t.app
          .get(DataSource)
          .getRepository(WorkflowInstanceEntity)
          .findOneBy({ workflowKey: 'score_dispute', period }),
      30_000,
    );
    const detail = (await c.t.api.get(`/api/workflow-instances/${dispute!.id}`).expect(200)).body as Instance;
    expect(detail.status).toBe('running');
    expect(detail.tasks.filter((t) => t.status === 'open')).toHaveLength(1);
  });
});
