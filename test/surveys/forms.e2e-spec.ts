import { apiAs, signInAs, startTestApp, type Api, type TestApp } from '../support/test-app';
import { PARTNER_SURVEY } from './survey-fixtures';

/** A data schema an admin might paste: a pattern that backtracks exponentially and a remote $ref. */
const UNSAFE_SCHEMA = {
  ...PARTNER_SURVEY,
  key: 'unsafe_form',
  dataSchema: {
    ...PARTNER_SURVEY.dataSchema,
    properties: {
      ...PARTNER_SURVEY.dataSchema.properties,
      comments: { type: 'string', pattern: '^(a+)+$' },
      extra: { $ref: 'https://evil.example/schema.json' },
    },
  },
};

/** Forms filled in by signed-in users, and the document store's guard against unsafe data schemas. */
describe('forms for signed-in users', () => {
  let t: TestApp;
  let am: Api;
  let viewer: Api;

  beforeAll(async () => {
    t = await startTestApp();
    am = apiAs(t.app, await signInAs(t.app, { email: 'am@example.com', role: 'account_manager' }));
    viewer = apiAs(t.app, await signInAs(t.app, { email: 'viewer@example.com', role: 'viewer' }));
  }, 60_000);
  afterAll(() => t.close());

  it('refuses a form document whose data schema is unsafe with 400 and the reason at its pointer', async () => {
    const { body } = await t.api
      .post('/api/documents/form')
      .set('Accept-Language', 'en')
      .send({ key: 'unsafe_form', content: UNSAFE_SCHEMA })
      .expect(400);
    expect(body.code).toBe('documents.unsafe_schema');
    const byPointer = Object.fromEntries(
      (body.errors as { pointer: string; message: string }[]).map((e) => [e.pointer, e.message]),
    );
    expect(byPointer['/body/content/dataSchema/properties/comments/pattern']).toMatch(/backtrack/);
    expect(byPointer['/body/content/dataSchema/properties/extra/$ref']).toMatch(/local references/);
    await t.api.get('/api/documents/form/unsafe_form').expect(404);
  });

  it('refuses an oversized data schema with 400, also when saving a draft, and keeps the draft', async () => {
    const big: Record<string, unknown> = { ...PARTNER_SURVEY.dataSchema.properties };
    for (let i = 0; i < 150; i++) big[`f${i}`] = { type: 'string', description: 'x'.repeat(500) };
    const oversized = { ...PARTNER_SURVEY, dataSchema: { ...PARTNER_SURVEY.dataSchema, properties: big } };
    const refused = await t.api
      .post('/api/documents/form')
      .set('Accept-Language', 'zh-CN')
      .send({ key: PARTNER_SURVEY.key, content: oversized })
      .expect(400);
    expect(refused.body.errors).toEqual([
      { pointer: '/body/content/dataSchema', message: expect.stringContaining('64 KB') },
    ]);
    await t.api
      .post('/api/documents/form')
      .send({ key: PARTNER_SURVEY.key, content: PARTNER_SURVEY })
      .expect(201);
    await t.api
      .put(`/api/documents/form/${PARTNER_SURVEY.key}/draft`)
      .send({ content: oversized, revision: 1 })
      .expect(400);
    const kept = await t.api.get(`/api/documents/form/${PARTNER_SURVEY.key}`).expect(200);
    expect(kept.body).toMatchObject({ revision: 1, draftErrors: [] });
    await t.api.post(`/api/documents/form/${PARTNER_SURVEY.key}/publish`).expect(201);
  });

  it('renders a published form as a JSON model or an HTML fragment, in the caller’s language', async () => {
    const json = await viewer.get(`/api/forms/${PARTNER_SURVEY.key}?lang=zh-CN`).expect(200);
    expect(json.body).toMatchObject({ key: 'partner_feedback', version: 1, title: '合作满意度调查' });
    expect(json.body.model.sections[0].fields[0]).toMatchObject({ name: 'service_quality', required: true });
    const html = await viewer.get(`/api/forms/${PARTNER_SURVEY.key}?format=html&lang=en`).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toMatch(/^<form method="post"/);
    expect(html.text).toContain('<label for="f-comments">');
    await viewer.get('/api/forms/no_such_form').expect(404);
    await viewer.get(`/api/forms/${PARTNER_SURVEY.key}?version=9`).expect(404);
  });

  it('saves and resumes one draft per user and version, refusing only wrong values', async () => {
    await am.get(`/api/forms/${PARTNER_SURVEY.key}/draft`).expect(404);
    const saved = await am
      .put(`/api/forms/${PARTNER_SURVEY.key}/draft`)
      .send({ data: { service_quality: 3, unknown_field: 'x' } })
      .expect(200);
    expect(saved.body).toMatchObject({ version: 1, data: { service_quality: 3, overall: 3 } });
    const wrong = await am
      .put(`/api/forms/${PARTNER_SURVEY.key}/draft`)
      .send({ data: { service_quality: 3.5 } })
      .expect(422);
    expect(wrong.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/data/service_quality',
    ]);
    const resumed = await am.get(`/api/forms/${PARTNER_SURVEY.key}/draft`).expect(200);
    expect(resumed.body.data).toEqual({ service_quality: 3, overall: 3 });
    // Someone else's draft is theirs alone.
    await t.api.get(`/api/forms/${PARTNER_SURVEY.key}/draft`).expect(404);
  });

  it('validates a submission on the server: 422 with pointers, computed values recomputed, draft removed', async () => {
    const missing = await am
      .post(`/api/forms/${PARTNER_SURVEY.key}/submissions`)
      .set('Accept-Language', 'zh-CN')
      .send({ data: { service_quality: 3 } })
      .expect(422);
    expect(missing.body.errors).toEqual([
      { pointer: '/body/data/product_quality', message: '此项为必填项' },
      { pointer: '/body/data/response_speed', message: '此项为必填项' },
    ]);
    const done = await am
      .post(`/api/forms/${PARTNER_SURVEY.key}/submissions`)
      .send({ version: 1, data: { service_quality: 3, product_quality: 4, response_speed: 5, overall: 1 } })
      .expect(201);
    expect(done.body).toMatchObject({ key: 'partner_feedback', version: 1 });
    expect(done.body.data).toEqual({ service_quality: 3, product_quality: 4, response_speed: 5, overall: 4 });
    await am.get(`/api/forms/${PARTNER_SURVEY.key}/draft`).expect(404);
    const audit = await t.api.get('/api/audit?limit=50').expect(200);
    expect(audit.body.items ?? audit.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'form.submit', entityId: done.body.id })]),
    );
  });

  it('drops a hidden field’s answer (the built-in survey asks what to improve only of detractors)', async () => {
    const answers = {
      service_quality: 5,
      product_quality: 5,
      response_speed: 5,
      nps: 10,
      contact_role: 'finance',
      improve: 'nothing',
    };
    const promoter = await am
      .post('/api/forms/customer_satisfaction/submissions')
      .send({ data: answers })
      .expect(201);
    expect(promoter.body.data.improve).toBeUndefined();
    const detractor = await am
      .post('/api/forms/customer_satisfaction/submissions')
      .send({ data: { ...answers, nps: 4 } })
      .expect(201);
    expect(detractor.body.data.improve).toBe('nothing');
  });

  it('previews a form being designed: the survey page’s HTML for sample answers, or errors by pointer', async () => {
    const draft = {
      ...PARTNER_SURVEY,
      layout: {
        sections: [
          {
            ...PARTNER_SURVEY.layout.sections[0],
            fields: PARTNER_SURVEY.layout.sections[0].fields.map((f) =>
              f.name === 'comments' ? { ...f, visibleWhen: 'service_quality <= 2' } : f,
            ),
          },
        ],
      },
    };
    const low = await t.api
      .post('/api/forms/preview')
      .send({ document: draft, lang: 'en', answers: { service_quality: '2', product_quality: '5' } })
      .expect(200);
    expect(low.body.html).toMatch(/^<form method="post"/);
    expect(low.body.html).toContain('<label for="f-comments">Other comments</label>');
    expect(low.body.hidden).toEqual([]);
    expect(low.body.data).toEqual({ service_quality: 2, product_quality: 5, overall: 3.5 });
    const high = await t.api
      .post('/api/forms/preview')
      .set('Accept-Language', 'zh-CN')
      .send({ document: draft, answers: { service_quality: '5' } })
      .expect(200);
    expect(high.body.hidden).toEqual(['comments']);
    expect(high.body.html).toContain('<legend>服务质量');

    const broken = structuredClone(draft);
    broken.layout.sections[0].fields[4] = { ...broken.layout.sections[0].fields[4], visibleWhen: 'nope > 1' };
    const refused = await t.api
      .post('/api/forms/preview')
      .set('Accept-Language', 'en')
      .send({ document: broken })
      .expect(422);
    expect(refused.body.errors).toEqual([
      { pointer: '/body/document/layout/sections/0/fields/4/visibleWhen', message: expect.any(String) },
    ]);
    await viewer.post('/api/forms/preview').send({ document: draft }).expect(403);
  });

  it('lets a viewer read forms but not submit them', async () => {
    await viewer
      .post(`/api/forms/${PARTNER_SURVEY.key}/submissions`)
      .send({ data: { service_quality: 3, product_quality: 4, response_speed: 5 } })
      .expect(403);
    await viewer.put(`/api/forms/${PARTNER_SURVEY.key}/draft`).send({ data: {} }).expect(403);
  });
});
