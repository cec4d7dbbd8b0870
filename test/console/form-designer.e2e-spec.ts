import type { Page } from 'playwright-core';
import { eventually } from '../support/test-app';
import {
  axeViolations,
  describeInBrowser,
  open,
  screenshot,
  startConsole,
  type ConsoleHarness,
} from './console-browser';
import { designSurveyForm, launchSurveyCampaign, previewShows } from './form-designer.steps';

const FORM = 'partner_followup';
const ACCOUNT = 'MNC001';

/**
 * A survey from nothing to answers, in a browser: the admin designs it in the form designer (no JSON typed),
 * watches the live preview, publishes it, sends it to an account's contact, and the contact answers it on a
 * phone — first without the required rating, then correctly — and the console counts the response.
 */
describeInBrowser('the form designer and a survey answered on a phone', () => {
  let c: ConsoleHarness;
  let admin: Page;
  let link: string;

  beforeAll(async () => {
    c = await startConsole();
    admin = await c.as('admin@keyscore.example');
  }, 120_000);
  afterAll(() => c?.close());

  it('designs a survey without JSON, with a live preview, errors next to the field, and publishes it', async () => {
    await open(admin, '/console/forms?lang=en');
    expect(await admin.locator('table.ks-table').innerText()).toContain('customer_satisfaction');
    expect(await axeViolations(admin)).toEqual([]);

    await designSurveyForm(admin, FORM, {
      beforePublish: async (page) => {
        const preview = await previewShows(page, 'service_quality');
        // The engine's page: the rating is required; the follow-up waits for a low rating.
        expect(await preview.locator('#g-service_quality').getAttribute('aria-required')).toBe('true');
        // (The live preview catches up with the formula just typed: wait for it, under load it can lag.)
        await preview.locator('#w-what_went_wrong[hidden]').waitFor({ state: 'attached' });
        expect(await preview.locator('#w-what_went_wrong').isHidden()).toBe(true);
        await preview.locator('label[for="f-service_quality"]').click(); // 1 star
        await preview.locator('#w-what_went_wrong:not([hidden])').waitFor();
        await preview.locator('label[for="f-service_quality-4"]').click(); // 5 stars
        await preview.locator('#w-what_went_wrong[hidden]').waitFor({ state: 'attached' });

        // Reordering is by buttons: the comment moves below the follow-up and back.
        const order = () =>
          page.locator('.ks-fd-field').evaluateAll((cards) => cards.map((x) => x.getAttribute('data-field')));
        await page.getByRole('button', { name: 'Move down: Any other comments' }).click();
        expect(await order()).toEqual(['service_quality', 'recommend', 'what_went_wrong', 'comment']);
        expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
          'Move up: Any other comments',
        );
        await page.keyboard.press('Enter');
        expect(await order()).toEqual(['service_quality', 'recommend', 'comment', 'what_went_wrong']);

        // A broken formula: the preview lists it, validating puts the message next to the formula input.
        const formula = page
          .locator('.ks-fd-field[data-field="what_went_wrong"]')
          .getByLabel('Show only when (formula)');
        await formula.fill('service_quality <=');
        await page.locator('#fd-preview[data-state="invalid"]').waitFor({ state: 'attached' });
        expect(await page.locator('#fd-preview-note').innerText()).toMatch(/Formula error/);
        await page.locator('.ks-fd-bar').getByRole('button', { name: 'Validate' }).click();
        await page.locator('.ks-fd-field[data-field="what_went_wrong"] .ks-problem').waitFor();
        expect(await formula.getAttribute('aria-invalid')).toBe('true');
        const described = (await formula.getAttribute('aria-describedby')) ?? '';
        const messageId = described.split(' ').find((id) => id.startsWith('ks-problem-'))!;
        expect(await page.locator(`#${messageId}`).innerText()).toMatch(/Formula error/);
        await formula.fill('AND(service_quality >= 1, service_quality <= 2)');
        await previewShows(page);
        await page.locator('#fd-preview[data-state="ready"]').waitFor();

        expect(await page.locator('.ks-fd-field .ks-problem').count()).toBe(0); // fixed, so gone
        expect(await axeViolations(page)).toEqual([]);
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, 'form-designer');
        await page.getByRole('button', { name: 'Phone width' }).click();
        await preview.scrollIntoViewIfNeeded();
        await screenshot(page, 'form-designer-preview');
        await page.getByRole('button', { name: 'Phone width' }).click();
      },
    });
    expect(await admin.locator('[data-published-version]').getAttribute('data-published-version')).toBe('1');
    const published = await c.t.api.get(`/api/documents/form/${FORM}/versions/1`).expect(200);
    const content = published.body.content;
    expect(content.dataSchema.required).toEqual(['service_quality']);
    expect(content.dataSchema.properties.service_quality).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 5,
    });
    expect(content.layout.sections[0].fields.map((f: { name: string }) => f.name)).toEqual([
      'service_quality',
      'recommend',
      'comment',
      'what_went_wrong',
    ]);
    expect(content.measures).toEqual([
      { metric: 'satisfaction_service', field: 'service_quality', scale: 'rating5' },
    ]);
  });

  it('opens the built-in survey in either language and saves it back without losing anything', async () => {
    const builtin = (await c.t.api.get('/api/documents/form/customer_satisfaction/versions/1').expect(200))
      .body.content;
    await open(admin, '/console/forms/customer_satisfaction?lang=zh-CN');
    expect(await admin.locator('h1').innerText()).toBe('表单设计器');
    expect(await admin.locator('.ks-fd-field').count()).toBe(16);
    expect(await axeViolations(admin)).toEqual([]);
    await admin.locator('.ks-fd-bar').getByRole('button', { name: '校验' }).click();
    await admin.locator('#ks-live', { hasText: '校验通过' }).waitFor();
    const saved = (await c.t.api.get('/api/documents/form/customer_satisfaction').expect(200)).body;
    expect(saved.draftErrors).toEqual([]);
    expect({ ...saved.draft, version: 1 }).toEqual(builtin);

    // Someone else saves first: the page says so next to its status and keeps the admin's edit.
    await c.t.api
      .put('/api/documents/form/customer_satisfaction/draft')
      .send({ content: saved.draft, revision: saved.revision })
      .expect(200);
    const title = admin.getByLabel('标题（英文）', { exact: true });
    await title.fill('Customer satisfaction survey (edited)');
    await admin.locator('.ks-fd-bar').getByRole('button', { name: '保存草稿' }).click();
    await admin.locator('.ks-fd-bar .ks-problem').waitFor();
    expect(await admin.locator('.ks-fd-bar .ks-problem').innerText()).toMatch(/已被他人修改/);
    expect(await title.inputValue()).toBe('Customer satisfaction survey (edited)');
    // Leaving with unsaved changes asks first.
    const asked = new Promise<string>((resolve) =>
      admin.once('dialog', (dialog) => {
        resolve(dialog.type());
        void dialog.accept();
      }),
    );
    await open(admin, '/console/forms?lang=en');
    expect(await asked).toBe('beforeunload');
  });

  it('creates and launches a campaign for the form and shows each personal link once', async () => {
    link = await launchSurveyCampaign(admin, FORM, ACCOUNT);
    expect(link).toMatch(new RegExp(`^${c.base}/s/[A-Za-z0-9_-]{43}$`));
    expect(await admin.locator('#ks-links').innerText()).toMatch(/shown only now/);
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'surveys-launched');
    // Reloaded, the page no longer has the links: they were shown once.
    await open(admin, '/console/surveys?lang=en');
    expect(await admin.locator('#ks-links input').count()).toBe(0);
    const card = admin.locator(`.ks-sv-campaign[data-form="${FORM}"]`);
    expect(await card.getAttribute('data-status')).toBe('running');
    expect(await card.getAttribute('data-submitted')).toBe('0');
  });

  it('lets the contact answer on a phone: the missing rating is marked at the field, then thanks', async () => {
    const context = await c.browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
    });
    try {
      const phone = await context.newPage();
      await phone.goto(link);
      expect(await phone.locator('h1').innerText()).toMatch(/Partner follow-up survey/);
      // Nothing is wider than the phone, and every rating and NPS choice is a 44 px touch target.
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      const targets = await phone
        .locator('#g-service_quality .ks-choice, #g-recommend .ks-choice')
        .evaluateAll((boxes) =>
          boxes.map((b) => b.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)),
        );
      expect(targets).toHaveLength(16);
      expect(Math.min(...targets)).toBeGreaterThanOrEqual(44);
      expect(await axeViolations(phone)).toEqual([]);

      await phone.locator('label[for="f-recommend-9"]').tap(); // 9
      await phone.getByRole('button', { name: 'Submit' }).tap();
      await phone.locator('.ks-error-summary').waitFor();
      expect(await phone.locator('#g-service_quality').getAttribute('aria-invalid')).toBe('true');
      expect(await phone.locator('#f-service_quality-error').innerText()).toMatch(/This field is required/);
      expect(await phone.locator('#f-recommend-9').isChecked()).toBe(true); // nothing typed is lost
      expect(await axeViolations(phone)).toEqual([]);
      await screenshot(phone, 'survey-phone-error');

      await phone.locator('label[for="f-service_quality-1"]').tap(); // 2 stars: a low rating
      await phone.getByRole('button', { name: 'Submit' }).tap();
      // Without JavaScript the follow-up appears on the next round trip; it is optional, so this is thanks.
      await phone.locator('h1', { hasText: 'Thank you' }).waitFor();
      await screenshot(phone, 'survey-phone-thanks');
    } finally {
      await context.close();
    }
  });

  it('counts the response in the console', async () => {
    await eventually(async () => {
      await open(admin, '/console/surveys?lang=en');
      const card = admin.locator(`.ks-sv-campaign[data-form="${FORM}"]`);
      return (await card.getAttribute('data-submitted')) === '1';
    }, 10_000);
    const card = admin.locator(`.ks-sv-campaign[data-form="${FORM}"]`);
    expect(await card.getAttribute('data-rate')).toBe('100');
    expect(await card.locator('.ks-sv-rate-text').innerText()).toBe('1 of 1 answered (response rate 100%)');
    await screenshot(admin, 'surveys-answered');

    // Closing asks once more, then the links stop working.
    await card.getByRole('button', { name: /^Close campaign/ }).click();
    await card.getByRole('button', { name: 'Yes, close it' }).click();
    await admin.locator(`.ks-sv-campaign[data-form="${FORM}"][data-status="closed"]`).waitFor();
    const closed = await admin.request.get(link);
    expect(closed.status()).toBe(404);
  });
});
