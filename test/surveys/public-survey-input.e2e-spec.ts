import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SurveyLinkEntity } from '@keyscore/persistence';
import { startTestApp, type TestApp } from '../support/test-app';
import { launchCampaign, postForm, surveyAccounts, type IssuedLink } from './survey-fixtures';

const VALID = {
  service_quality: 4,
  product_quality: 4,
  response_speed: 4,
  nps: 9,
  contact_role: 'procurement',
};
const strangerToken = () => randomBytes(32).toString('base64url');

/** Stored responses and draft answers: what a refused request must not have changed. */
async function written(t: TestApp) {
  const dataSource = t.app.get(DataSource);
  const [responses] = await dataSource.query('SELECT COUNT(*) AS n FROM survey_responses');
  const [drafts] = await dataSource.query('SELECT COUNT(*) AS n FROM survey_links WHERE draft IS NOT NULL');
  return { responses: Number(responses.n), drafts: Number(drafts.n) };
}

/** Bad input on the public survey endpoints: every refusal is clear and leaves nothing behind. */
describe('the public survey endpoints refuse bad input', () => {
  let t: TestApp;
  let links: IssuedLink[];
  const http = () => request(t.app.getHttpServer());
  const link = (i: number) => links[i]!;

  beforeAll(async () => {
    t = await startTestApp({ env: { SURVEY_RATE_LIMIT_PER_TOKEN: '12' } });
    const { accountIds } = await surveyAccounts(t, [10]);
    // The built-in customer satisfaction survey, published at start.
    ({ links } = await launchCampaign(t, { form: { key: 'customer_satisfaction' }, accountIds }));
  }, 60_000);
  afterAll(() => t.close());

  it('answers unknown and expired links with the same 404, on the page and in JSON', async () => {
    // Link 1 has expired.
    await t.app
      .get(DataSource)
      .getRepository(SurveyLinkEntity)
      .update({ contactId: link(1).contactId }, { expiresAt: '2020-01-01T00:00:00.000Z' });
    const pages = await Promise.all(
      [strangerToken(), link(1).token, 'not-a-token'].map((token) =>
        http().get(`/s/${token}?lang=en`).expect(404),
      ),
    );
    expect(pages[0]!.text).toContain('not valid or has expired');
    for (const page of pages) expect(page.text).toBe(pages[0]!.text);

    const bodies = await Promise.all(
      [strangerToken(), link(1).token].map(async (token) => {
        const { body } = await http().get(`/api/public/surveys/${token}`).expect(404);
        const { requestId: _id, ...rest } = body as { requestId: string };
        return rest;
      }),
    );
    expect(bodies[0]).toMatchObject({ statusCode: 404, code: 'surveys.link_not_found' });
    expect(bodies[1]).toEqual(bodies[0]);
    // Answering an expired link is refused the same way, and writes nothing.
    await postForm(t, link(1).path, { service_quality: '5', _action: 'submit' }).expect(404);
    await http()
      .post(`/api/public/surveys/${link(1).token}`)
      .send({ data: VALID })
      .expect(404);
    expect(await written(t)).toEqual({ responses: 0, drafts: 0 });
  });

  it('answers a body over 256 KiB with 413 on both public endpoints, and writes nothing', async () => {
    const huge = 'x'.repeat(300 * 1024);
    const page = await postForm(t, link(0).path, { comments: huge, _action: 'draft' }).expect(413);
    expect(page.body).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining('256 KiB'),
    });
    const json = await http()
      .post(`/api/public/surveys/${link(0).token}`)
      .send({ action: 'draft', data: { ...VALID, comments: huge } })
      .expect(413);
    expect(json.body.code).toBe('payload_too_large');
    expect(await written(t)).toEqual({ responses: 0, drafts: 0 });
    // Signed-in JSON routes keep their larger limit: the same size is judged on its content there.
    await t.api.post('/api/departments').send({ code: 'X', nameZh: huge, nameEn: 'x' }).expect(422);
  });

  it('answers a wrong content type with 415 on both public endpoints', async () => {
    const json = await http()
      .post(link(0).path)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ service_quality: 5 }))
      .expect(415);
    expect(json.body.code).toBe('surveys.unsupported_media_type');
    await http().post(link(0).path).set('Content-Type', 'text/plain').send('service_quality=5').expect(415);
    const form = await http()
      .post(`/api/public/surveys/${link(0).token}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('service_quality=5')
      .expect(415);
    expect(form.body.code).toBe('unsupported_media_type');
    expect(await written(t)).toEqual({ responses: 0, drafts: 0 });
  });

  it('answers invalid answers with 422 and a pointer per field, in the caller’s language', async () => {
    const { body } = await http()
      .post(`/api/public/surveys/${link(0).token}`)
      .set('Accept-Language', 'zh-CN')
      .send({ data: { ...VALID, service_quality: 0, product_quality: undefined, contact_email: 'nope' } })
      .expect(422);
    expect(body.code).toBe('validation_failed');
    const byPointer = Object.fromEntries(
      (body.errors as { pointer: string; message: string }[]).map((e) => [e.pointer, e.message]),
    );
    expect(Object.keys(byPointer).sort()).toEqual([
      '/body/data/contact_email',
      '/body/data/product_quality',
      '/body/data/service_quality',
    ]);
    expect(byPointer['/body/data/product_quality']).toBe('此项为必填项');
    expect(byPointer['/body/data/service_quality']).toMatch(/[\u4e00-\u9fff]/);
    // A body of the wrong shape is refused before anything else.
    const shape = await http()
      .post(`/api/public/surveys/${link(0).token}`)
      .send({ data: 'x' })
      .expect(422);
    expect(shape.body.errors[0].pointer).toBe('/body/data');
    expect(await written(t)).toEqual({ responses: 0, drafts: 0 });
  });

  it('stores one response when the same link is submitted twice at once; the other gets 410', async () => {
    const answers = await Promise.all([
      http()
        .post(`/api/public/surveys/${link(2).token}`)
        .send({ data: VALID }),
      http()
        .post(`/api/public/surveys/${link(2).token}`)
        .send({ data: { ...VALID, nps: 3 } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 410]);
    expect((await written(t)).responses).toBe(1);
  });

  it('limits requests per link with 429 and Retry-After; other links still answer', async () => {
    const token = link(3).token;
    for (let i = 0; i < 12; i++) await http().get(`/s/${token}`).expect(200);
    const page = await http().get(`/s/${token}?lang=en`).expect(429);
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(page.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(page.text).toContain('Too many requests');
    const json = await http().post(`/api/public/surveys/${token}`).send({ data: VALID }).expect(429);
    expect(json.body.code).toBe('surveys.rate_limited');
    expect(json.headers['retry-after']).toBeDefined();
    await http()
      .get(`/s/${link(4).token}`)
      .expect(200);
    expect((await written(t)).responses).toBe(1);
  });
});

describe('the public survey endpoints limit each client address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { SURVEY_RATE_LIMIT_PER_IP: '5' } });
  }, 60_000);
  afterAll(() => t.close());

  it('refuses a sixth guess within the minute, whatever the token', async () => {
    for (let i = 0; i < 5; i++) await request(t.app.getHttpServer()).get(`/s/${strangerToken()}`).expect(404);
    const refused = await request(t.app.getHttpServer())
      .get(`/api/public/surveys/${strangerToken()}`)
      .expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
