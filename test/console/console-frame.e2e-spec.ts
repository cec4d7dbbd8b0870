import {
  axeViolations,
  describeInBrowser,
  open,
  ready,
  screenshot,
  startConsole,
  type ConsoleHarness,
} from './console-browser';

describeInBrowser('the console frame: sign-in, navigation by role, language switch', () => {
  let c: ConsoleHarness;
  beforeAll(async () => {
    c = await startConsole();
  }, 120_000);
  afterAll(() => c?.close());

  it('sends a visitor without a session to the sign-in page and back after signing in', async () => {
    const page = await c.browser.newPage({ baseURL: c.base });
    await page.goto('/console/inbox?lang=en');
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await ready(page);
    await page.fill('input[name=email]', 'admin@keyscore.example');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('#ks-signin button[type=submit]');
    await page.waitForSelector('.ks-problem-box');
    expect(await page.locator('#ks-live').innerText()).not.toBe('');
    await page.fill('input[name=password]', 'keyscore-demo');
    await page.click('#ks-signin button[type=submit]');
    await page.waitForURL((url) => url.pathname === '/console/inbox');
    await ready(page);
    expect(await page.locator('h1').innerText()).toBe('My inbox');
    await page.close();
  });

  it('shows each role the sections it may open, in both languages', async () => {
    const admin = await c.as('admin@keyscore.example');
    const adminNav = await admin.locator('.ks-nav a').allInnerTexts();
    const manager = await c.as('li.na@keyscore.example', { lang: 'zh-CN' });
    expect(await manager.locator('html').getAttribute('lang')).toBe('zh-CN');
    const managerNav = await manager.locator('.ks-nav a').allInnerTexts();
    expect(managerNav.length).toBeLessThan(adminNav.length);
    expect(await manager.locator('h1').innerText()).toBe('工作台');
    await manager.click('.ks-lang a[lang=en]');
    await ready(manager);
    expect(await manager.locator('h1').innerText()).toBe('Home');
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'home-admin');
  });

  it('lets the holder of a task delegate it from the task page, with a reason', async () => {
    const manager = await c.as('li.na@keyscore.example');
    const inbox = async (page: typeof manager) =>
      ((await (await page.request.get('/api/inbox')).json()) as { id: string }[]).map((t) => t.id);
    const [taskId] = await inbox(manager);
    expect(taskId).toBeDefined();
    await open(manager, `/console/tasks/${taskId}?lang=en`);
    // Nobody chosen: refused next to the choice, and the task stays.
    await manager.fill('.ks-delegate textarea[name=comment]', 'On leave next week');
    await manager.click('.ks-delegate button[type=submit]');
    await manager.waitForSelector('.ks-delegate select[name=to][aria-invalid="true"]');
    expect(await inbox(manager)).toContain(taskId);

    await manager.selectOption('.ks-delegate select[name=to]', { label: '张伟 (account manager)' });
    await manager.click('.ks-delegate button[type=submit]');
    await manager.waitForSelector('#ks-delegated');
    expect(await manager.locator('#ks-delegated').innerText()).toBe('Delegated to 张伟.');
    expect(await inbox(manager)).not.toContain(taskId);
    const colleague = await c.as('zhang.wei@keyscore.example');
    expect(await inbox(colleague)).toContain(taskId);
    await open(colleague, `/console/tasks/${taskId}?lang=en`);
    expect(await colleague.locator('.ks-history').innerText()).toContain('On leave next week');
  });

  it('answers 403 on a page the role may not open and 404 on no page', async () => {
    const viewer = await c.as('viewer@keyscore.example');
    const forbidden = await viewer.goto('/console/audit');
    expect([403, 404]).toContain(forbidden?.status());
    const missing = await viewer.goto('/console/no-such-page');
    expect(missing?.status()).toBe(404);
    await open(viewer, '/console');
  });
});
