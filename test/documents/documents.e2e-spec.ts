import { BUILTIN_KPIS, MULTINATIONAL_TEMPLATE } from '@keyscore/scoring';
import { apiAs, signInAs, startTestApp, type TestApp } from '../support/test-app';

describe('document store: drafts, validation, immutable versions, diff', () => {
  let t: TestApp;
  const kpi = structuredClone(
    BUILTIN_KPIS.find((k) => k.key === 'customer_satisfaction')!,
  ) as unknown as Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists the kinds with their JSON Schemas', async () => {
    const { body } = await t.api.get('/api/documents').expect(200);
    expect(body.map((k: { kind: string }) => k.kind)).toEqual([
      'kpi',
      'scorecard_template',
      'form',
      'workflow',
      'dashboard',
    ]);
    expect(body[0].schema.$id).toBe('keyscore:kpi-definition');
  });

  it('keeps an incomplete draft, reports its problems with pointers, and refuses to publish it', async () => {
    const draft = { ...kpi, key: 'nps', formula: 'AVERAGE(score', unit: undefined };
    const created = await t.api.post('/api/documents/kpi').send({ key: 'nps', content: draft }).expect(201);
    expect(created.body).toMatchObject({ status: 'draft', revision: 1, publishedVersion: null });
    const checked = await t.api.post('/api/documents/kpi/nps/validate?lang=zh-CN').expect(200);
    expect(checked.body.valid).toBe(false);
    expect(checked.body.errors[0]).toMatchObject({ pointer: '/draft/unit' });
    const refused = await t.api.post('/api/documents/kpi/nps/publish').expect(422);
    expect(refused.body.code).toBe('documents.invalid');

    // Fix the unit: now the formula's syntax error shows, at its pointer.
    const fixedUnit = await t.api
      .put('/api/documents/kpi/nps/draft')
      .send({ content: { ...draft, unit: 'score' }, revision: 1 })
      .expect(200);
    expect(fixedUnit.body.draftErrors.map((e: { pointer: string }) => e.pointer)).toContain('/draft/formula');
  });

  it('publishes versions that never change, with a content hash, and diffs them', async () => {
    await t.api
      .post('/api/documents/kpi')
      .send({ key: 'csat', content: { ...kpi, key: 'csat' } })
      .expect(201);
    const v1 = await t.api.post('/api/documents/kpi/csat/publish').expect(201);
    expect(v1.body).toMatchObject({
      key: 'csat',
      version: 1,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await t.api.post('/api/documents/kpi/csat/publish').expect(409);

    const doc = (await t.api.get('/api/documents/kpi/csat').expect(200)).body;
    const changed = { ...kpi, key: 'csat', target: { type: 'fixed', value: 92 } };
    await t.api
      .put('/api/documents/kpi/csat/draft')
      .send({ content: changed, revision: doc.revision })
      .expect(200);
    // Version 1 is untouched by the new draft.
    expect((await t.api.get('/api/documents/kpi/csat/versions/1').expect(200)).body.content.target).toEqual(
      kpi.target,
    );
    await t.api.post('/api/documents/kpi/csat/publish').expect(201);
    const versions = (await t.api.get('/api/documents/kpi/csat/versions').expect(200)).body;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const diff = (await t.api.get('/api/documents/kpi/csat/diff?from=1&to=2').expect(200)).body;
    expect(diff.changes).toEqual([{ op: 'replace', path: '/target/value', from: 90, to: 92 }]);
  });

  it('refuses a stale edit with 409 and loses nothing', async () => {
    await t.api
      .post('/api/documents/kpi')
      .send({ key: 'churn', content: { ...kpi, key: 'churn' } })
      .expect(201);
    await t.api
      .put('/api/documents/kpi/churn/draft')
      .send({ content: { ...kpi, key: 'churn', unit: 'a' }, revision: 1 })
      .expect(200);
    const stale = await t.api
      .put('/api/documents/kpi/churn/draft')
      .send({ content: { ...kpi, key: 'churn', unit: 'b' }, revision: 1 })
      .expect(409);
    expect(stale.body).toMatchObject({
      code: 'documents.stale_draft',
      errors: [{ pointer: '/body/revision' }],
    });
    expect((await t.api.get('/api/documents/kpi/churn').expect(200)).body.draft.unit).toBe('a');
  });

  it('refuses to publish a scorecard template whose weights do not sum to 100, at its pointer', async () => {
    const template = { ...structuredClone(MULTINATIONAL_TEMPLATE), key: 'mn_copy' };
    const profit = template.entries.findIndex((e) => e.kpi === 'profit');
    template.entries[profit].weight = 7;
    await t.api
      .post('/api/documents/scorecard_template')
      .send({ key: 'mn_copy', content: template })
      .expect(201);
    const refused = await t.api
      .post('/api/documents/scorecard_template/mn_copy/publish?lang=zh-CN')
      .expect(422);
    expect(refused.body.errors).toEqual([
      { pointer: '/draft/entries', message: expect.stringMatching(/^权重合计为 95，应为 100/) },
    ]);
    template.entries[profit].weight = 12;
    await t.api
      .put('/api/documents/scorecard_template/mn_copy/draft')
      .send({ content: template, revision: 1 })
      .expect(200);
    await t.api.post('/api/documents/scorecard_template/mn_copy/publish').expect(201);
  });

  it('answers unknown kinds, duplicate keys, mismatched keys and archived documents clearly', async () => {
    await t.api.post('/api/documents/spreadsheet').send({ key: 'x', content: {} }).expect(404);
    await t.api
      .post('/api/documents/kpi')
      .send({ key: 'csat', content: { ...kpi, key: 'csat' } })
      .expect(409);
    const mismatch = await t.api
      .post('/api/documents/kpi')
      .send({ key: 'other', content: { ...kpi, key: 'csat' } })
      .expect(422);
    expect(mismatch.body.errors[0].pointer).toBe('/body/content/key');
    await t.api.post('/api/documents/kpi/churn/archive').expect(200);
    await t.api.post('/api/documents/kpi/churn/publish').expect(409);
  });

  it('answers a malformed version number in both languages', async () => {
    const { body } = await t.api.get('/api/documents/kpi/csat/versions/abc?lang=zh-CN').expect(400);
    expect(body.message).toMatch(/^请求格式不正确。/);
  });

  it('lets non-admins read but not write; audits every change', async () => {
    const viewer = apiAs(t.app, await signInAs(t.app, { email: 'v@example.com', role: 'viewer' }));
    await viewer.get('/api/documents/kpi').expect(200);
    await viewer.post('/api/documents/kpi').send({ key: 'y', content: {} }).expect(403);
    const audit = (await t.api.get('/api/audit?entityType=kpi&entityId=csat').expect(200)).body;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'document.create',
      'document.publish',
      'document.save_draft',
      'document.publish',
    ]);
  });
});
