import type { Locator, Page } from 'playwright-core';
import { open, ready } from './console-browser';

/**
 * Steps that drive the form designer and the survey campaigns page as an admin would, in English. The
 * form-designer spec tests them; the story reuses them.
 */

export interface Question {
  widget:
    'text' | 'textarea' | 'number' | 'select' | 'radio' | 'checkbox' | 'date' | 'rating' | 'nps' | 'likert';
  key: string;
  zh: string;
  en: string;
}

/** Creates a form on /console/forms and waits for its designer. */
export async function createForm(page: Page, key: string, title: { zh: string; en: string }): Promise<void> {
  await open(page, '/console/forms?lang=en');
  const create = page.locator('form[aria-labelledby="ks-new-form"]');
  await create.getByLabel('Key', { exact: true }).fill(key);
  await create.getByLabel('Title (Chinese)').fill(title.zh);
  await create.getByLabel('Title (English)').fill(title.en);
  await Promise.all([
    page.waitForURL((url) => url.pathname === `/console/forms/${key}`),
    create.getByRole('button', { name: 'Create and open the designer' }).click(),
  ]);
  await ready(page);
}

/** Adds a question through a section's "add a question" row; its card (editor open). */
export async function addQuestion(page: Page, question: Question, section = 0): Promise<Locator> {
  const add = page.locator('.ks-fd-add').nth(section);
  await add.getByLabel('Question type').selectOption(question.widget);
  await add.getByLabel('Label (Chinese)', { exact: true }).fill(question.zh);
  await add.getByLabel('Label (English)', { exact: true }).fill(question.en);
  await add.getByLabel('Key', { exact: true }).fill(question.key);
  await add.getByRole('button', { name: 'Add question' }).click();
  const card = page.locator(`.ks-fd-field[data-field="${question.key}"]`);
  await card.locator('[id$="-editor"]:not([hidden])').waitFor();
  return card;
}

/** Waits until the live preview has drawn the current document (with the question `field`, when given). */
export async function previewShows(page: Page, field?: string): Promise<Locator> {
  const preview = page.locator('#fd-preview');
  await page.locator('#fd-preview[data-state="ready"] form').waitFor();
  if (field) await preview.locator(`#w-${field}`).waitFor({ state: 'attached' });
  return preview;
}

/** Publishes the draft; the version the page then shows. */
export async function publishForm(page: Page): Promise<number> {
  await page.locator('.ks-fd-bar').getByRole('button', { name: 'Publish' }).click();
  const badge = page.locator('[data-published-version]:not([data-published-version=""])');
  await page.locator('#ks-live', { hasText: 'Published as version' }).waitFor();
  return Number(await badge.getAttribute('data-published-version'));
}

/**
 * Designs a small customer survey in the designer and publishes it: a required star rating "service
 * quality" (feeding the satisfaction_service metric), an NPS question, a comment, and a follow-up shown only
 * when the rating is low. `beforePublish` runs with the designer complete, before publishing.
 */
export async function designSurveyForm(
  page: Page,
  key: string,
  options: { beforePublish?: (page: Page) => Promise<void> } = {},
): Promise<void> {
  await createForm(page, key, { zh: '合作满意度回访', en: 'Partner follow-up survey' });
  const rating = await addQuestion(page, {
    widget: 'rating',
    key: 'service_quality',
    zh: '服务质量',
    en: 'Service quality',
  });
  await rating.getByLabel('Required', { exact: true }).check();
  await rating.getByLabel('Feeds the metric').selectOption('satisfaction_service');
  await addQuestion(page, {
    widget: 'nps',
    key: 'recommend',
    zh: '您向同行推荐我们的可能性',
    en: 'How likely are you to recommend us?',
  });
  const comment = await addQuestion(page, {
    widget: 'textarea',
    key: 'comment',
    zh: '其他意见',
    en: 'Any other comments',
  });
  await comment.getByLabel('Help text (English)').fill('Optional');
  await comment.getByLabel('Help text (Chinese)').fill('选填');
  const followUp = await addQuestion(page, {
    widget: 'textarea',
    key: 'what_went_wrong',
    zh: '哪里让您不满意？',
    en: 'What went wrong?',
  });
  await followUp
    .getByLabel('Show only when (formula)')
    .fill('AND(service_quality >= 1, service_quality <= 2)');
  await previewShows(page, 'what_went_wrong');
  if (options.beforePublish) await options.beforePublish(page);
  await publishForm(page);
}

/**
 * Creates a campaign for the form's latest version to one account (adding a contact when it has none),
 * launches it, and reads the personal link the page shows once: the full URL. An account's results are
 * withheld below `minResponses` (3 unless given).
 */
export async function launchSurveyCampaign(
  page: Page,
  formKey: string,
  accountCode: string,
  options: { minResponses?: number } = {},
): Promise<string> {
  await open(page, `/console/surveys?lang=en&form=${encodeURIComponent(formKey)}`);
  if (options.minResponses) await page.getByLabel('Minimum responses').fill(String(options.minResponses));
  const account = page.locator(`.ks-sv-account[data-account="${accountCode}"]`);
  await account.getByRole('checkbox').check();
  const contacts = account.locator('.ks-sv-contacts');
  await contacts.locator('p').first().waitFor();
  if (await contacts.locator('.ks-sv-warn').count()) {
    const form = contacts.locator('.ks-sv-contact-form');
    await form.getByLabel('Name').fill('Chen Jing');
    await form.getByLabel('Email').fill(`chen.jing.${accountCode.toLowerCase()}@customer.example`);
    await form.getByLabel('Survey language').selectOption('en');
    await form.getByRole('button', { name: 'Save contact' }).click();
    await contacts.getByText('Contacts (1):').waitFor();
  }
  const before = await page.locator(`.ks-sv-campaign[data-form="${formKey}"][data-status="draft"]`).count();
  await page.getByRole('button', { name: 'Create campaign' }).click();
  const draft = page.locator(`.ks-sv-campaign[data-form="${formKey}"][data-status="draft"]`);
  await page.waitForFunction(({ selector, count }) => document.querySelectorAll(selector).length > count, {
    selector: `.ks-sv-campaign[data-form="${formKey}"][data-status="draft"]`,
    count: before,
  });
  await draft
    .first()
    .getByRole('button', { name: /^Launch/ })
    .click();
  const link = page.locator(`#ks-links input[data-account="${accountCode}"]`).first();
  await link.waitFor();
  return (await link.getAttribute('data-link')) ?? '';
}
