import request from 'supertest';
import { JobName } from '@keyscore/queue';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import {
  fieldBlock,
  launchCampaign,
  PARTNER_SURVEY,
  postForm,
  surveyAccounts,
  type IssuedLink,
} from './survey-fixtures';

interface MetricValue {
  metricKey: string;
  period: string;
  value: number | null;
  state: string;
  source: string;
}

/**
 * The story over HTTP, on the database of the run (SQLite, or PostgreSQL with DATABASE_URL) and real
 * Redis: an admin writes a survey as a document, publishes it and launches a campaign to three accounts; a
 * customer answers on the public page, is told what is missing next to the field, corrects it; the
 * account's satisfaction values for the period appear once enough customers answered.
 */
describe('a customer satisfaction campaign, from the form document to metric values', () => {
  let t: TestApp;
  let accountIds: string[];
  let campaignId: string;
  let links: IssuedLink[];
  const linksOf = (account: number) => links.filter((l) => l.accountId === accountIds[account]);
  const page = (path: string) => request(t.app.getHttpServer()).get(path);
  const surveyValues = async (accountId: string): Promise<Record<string, MetricValue>> => {
    const { body } = await t.api
      .get(`/api/accounts/${accountId}/metric-values?periodKind=quarter`)
      .expect(200);
    return Object.fromEntries(
      (body as MetricValue[])
        .filter((v) => v.source === 'survey' && v.period === '2026-Q3')
        .map((v) => [v.metricKey, v]),
    );
  };

  beforeAll(async () => {
    t = await startTestApp({ worker: true, jobs: [JobName.SurveyRollup] });
    ({ accountIds } = await surveyAccounts(t, [3, 1, 1]));
  }, 60_000);
  afterAll(() => t.close());

  it('lets an admin create a survey by posting a form document and publishing it', async () => {
    await t.api
      .post('/api/documents/form')
      .send({ key: PARTNER_SURVEY.key, content: PARTNER_SURVEY })
      .expect(201);
    const published = await t.api.post(`/api/documents/form/${PARTNER_SURVEY.key}/publish`).expect(201);
    expect(published.body).toMatchObject({ key: 'partner_feedback', version: 1 });
  });

  it('launches a campaign to three accounts: one personal link per contact, shown once', async () => {
    ({ campaignId, links } = await launchCampaign(t, {
      form: { key: PARTNER_SURVEY.key },
      accountIds,
      minResponses: 2,
    }));
    expect(links).toHaveLength(5);
    for (const link of links) {
      expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(link.path).toBe(`/s/${link.token}`);
    }
    expect(new Set(links.map((l) => l.token)).size).toBe(5);
    const campaign = await t.api.get(`/api/surveys/campaigns/${campaignId}`).expect(200);
    expect(campaign.body).toMatchObject({
      status: 'running',
      form: { key: 'partner_feedback', version: 1 },
      contacts: 5,
      opened: 0,
      submitted: 0,
      rate: 0,
    });
    // The tokens are nowhere after the launch answer: not in the campaign, not in the audit log.
    const audit = await t.api.get('/api/audit?limit=200').expect(200);
    const stored = JSON.stringify(campaign.body) + JSON.stringify(audit.body);
    for (const link of links) expect(stored).not.toContain(link.token);
    await t.api.post(`/api/surveys/campaigns/${campaignId}/launch`).expect(409);
  });

  it('shows the customer an accessible page in their language, without scripts', async () => {
    const [link] = linksOf(0);
    const zh = await page(link!.path).set('Accept-Language', 'zh-CN,zh;q=0.9').expect(200);
    expect(zh.headers['content-type']).toMatch(/^text\/html/);
    expect(zh.headers['cache-control']).toBe('no-store');
    expect(zh.text).toContain('<html lang="zh-CN">');
    expect(zh.text).toContain('2026 年第三季度客户满意度调查');
    expect(zh.text).toContain('name="viewport"');
    expect(zh.text).not.toMatch(/<script/i);
    expect(zh.text).toContain(`<form method="post" action="/s/${link!.token}?lang=zh-CN"`);
    expect(zh.text).toContain('<label for="f-service_quality">');
    const en = await page(`${link!.path}?lang=en`).expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Service quality');
  });

  it('answers a missing required rating with 422 and the error next to that field', async () => {
    const [link] = linksOf(0);
    const bad = await postForm(t, `${link!.path}?lang=en`, {
      product_quality: '4',
      response_speed: '3',
      comments: '交付很及时',
      _action: 'submit',
    }).expect(422);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
    const field = fieldBlock(bad.text, 'service_quality');
    expect(field).toContain('aria-invalid="true"');
    expect(field).toContain('aria-describedby="f-service_quality-error"');
    expect(field).toMatch(/<p class="ks-error" id="f-service_quality-error">.*This field is required<\/p>/);
    // The other answers are kept, and are not marked wrong.
    expect(fieldBlock(bad.text, 'product_quality')).not.toContain('aria-invalid');
    expect(fieldBlock(bad.text, 'product_quality')).toMatch(/value="4" checked/);
    expect(bad.text).toContain('交付很及时');
    // The error summary links to the field.
    expect(bad.text).toContain('href="#f-service_quality"');
    // Nothing was written.
    const campaign = await t.api.get(`/api/surveys/campaigns/${campaignId}`).expect(200);
    expect(campaign.body.submitted).toBe(0);
  });

  it('takes the corrected answers, thanks the customer and closes the link (410 afterwards)', async () => {
    const [link] = linksOf(0);
    const good = await postForm(t, `${link!.path}?lang=en`, {
      service_quality: '4',
      product_quality: '5',
      response_speed: '3',
      overall: '1', // computed by the server; a client value is ignored
      _action: 'submit',
    }).expect(200);
    expect(good.text).toContain('Your answers have been submitted');
    const again = await page(link!.path).set('Accept-Language', 'en').expect(410);
    expect(again.text).toContain('already been submitted');
    await postForm(t, link!.path, { service_quality: '1', _action: 'submit' }).expect(410);
    const json = await request(t.app.getHttpServer()).get(`/api/public/surveys/${link!.token}`).expect(410);
    expect(json.body.code).toBe('surveys.already_submitted');
  });

  it('withholds the account’s values while fewer than the minimum answered: written as pending, no number', async () => {
    const values = await eventually(async () => {
      const v = await surveyValues(accountIds[0]!);
      return v.satisfaction_score ? v : undefined;
    });
    for (const metric of [
      'satisfaction_score',
      'satisfaction_service',
      'satisfaction_product',
      'satisfaction_response',
    ])
      expect(values[metric]).toMatchObject({ value: null, state: 'pending', source: 'survey' });
  });

  it('rolls the answers up once a second customer answers through the JSON twin', async () => {
    const [, second] = linksOf(0);
    const form = await request(t.app.getHttpServer())
      .get(`/api/public/surveys/${second!.token}?lang=en`)
      .expect(200);
    expect(form.body).toMatchObject({ form: { key: 'partner_feedback', version: 1 }, period: '2026-Q3' });
    expect(form.body.model.sections[0].fields.map((f: { name: string }) => f.name)).toContain(
      'service_quality',
    );
    const submitted = await request(t.app.getHttpServer())
      .post(`/api/public/surveys/${second!.token}`)
      .send({ action: 'submit', data: { service_quality: 5, product_quality: 5, response_speed: 5 } })
      .expect(201);
    expect(submitted.body.status).toBe('submitted');
    // (4, 5, 3) → overall 4 → 80 and (5, 5, 5) → 100: means 90, 100, 80, and 90 overall.
    const values = await eventually(async () => {
      const v = await surveyValues(accountIds[0]!);
      return v.satisfaction_score?.value !== null && v.satisfaction_score ? v : undefined;
    });
    expect(values.satisfaction_score).toMatchObject({ value: 90, state: 'actual' });
    expect(values.satisfaction_service).toMatchObject({ value: 90, state: 'actual' });
    expect(values.satisfaction_product).toMatchObject({ value: 100, state: 'actual' });
    expect(values.satisfaction_response).toMatchObject({ value: 80, state: 'actual' });
  });

  it('keeps a draft and resumes it from the same link, then submits', async () => {
    const [, , third] = linksOf(0);
    const saved = await postForm(t, `${third!.path}?lang=en`, {
      service_quality: '2',
      comments: 'half done',
      _action: 'draft',
    }).expect(200);
    expect(saved.text).toContain('Your answers so far are saved');
    // Draft mode still refuses wrong values, and writes nothing then.
    await postForm(t, third!.path, { service_quality: '9', _action: 'draft' }).expect(422);
    const resumed = await page(`${third!.path}?lang=en`).expect(200);
    expect(fieldBlock(resumed.text, 'service_quality')).toMatch(/value="2" checked/);
    expect(resumed.text).toContain('half done');
    const json = await request(t.app.getHttpServer()).get(`/api/public/surveys/${third!.token}`).expect(200);
    // As the server keeps it: the computed overall is the server's.
    expect(json.body.draft).toEqual({ service_quality: 2, overall: 2, comments: 'half done' });
    await postForm(t, third!.path, {
      service_quality: '2',
      product_quality: '4',
      response_speed: '4',
      _action: 'submit',
    }).expect(200);
  });

  it('suppresses an account with a single answer and shows the response rate per campaign and account', async () => {
    const [only] = linksOf(1);
    await request(t.app.getHttpServer())
      .post(`/api/public/surveys/${only!.token}`)
      .send({ data: { service_quality: 1, product_quality: 1, response_speed: 1 } })
      .expect(201);
    await page(linksOf(2)[0]!.path).expect(200); // opened, never answered
    const campaign = await eventually(async () => {
      const { body } = await t.api.get(`/api/surveys/campaigns/${campaignId}`).expect(200);
      return body.submitted === 4 ? body : undefined;
    });
    // Answering counts as opening, also through the JSON twin.
    expect(campaign).toMatchObject({ contacts: 5, opened: 5, submitted: 4, rate: 80 });
    const [acc1, acc2, acc3] = campaign.accounts;
    expect(acc1).toMatchObject({ code: 'ACC1', contacts: 3, submitted: 3, rate: 100 });
    expect(acc1.results.find((r: { metric: string }) => r.metric === 'satisfaction_service')).toMatchObject({
      value: 73.33, // (80 + 100 + 40) / 3
      responses: 3,
      suppressed: false,
    });
    expect(acc2).toMatchObject({ code: 'ACC2', contacts: 1, opened: 1, submitted: 1, rate: 100 });
    for (const r of acc2.results) expect(r).toMatchObject({ value: null, responses: 1, suppressed: true });
    expect(acc3).toMatchObject({ code: 'ACC3', contacts: 1, opened: 1, submitted: 0, rate: 0 });
    const acc2Values = await eventually(async () => {
      const v = await surveyValues(accountIds[1]!);
      return v.satisfaction_score ? v : undefined;
    });
    // One customer's "1 star" must not be readable off the account's values.
    for (const value of Object.values(acc2Values))
      expect(value).toMatchObject({ value: null, state: 'pending' });
  });

  it('stops every link when the campaign closes', async () => {
    await t.api.post(`/api/surveys/campaigns/${campaignId}/close`).expect(200);
    await page(linksOf(2)[0]!.path).expect(404);
    await t.api.post(`/api/surveys/campaigns/${campaignId}/close`).expect(409);
  });
});
