import { apiAs, type Api, type TestApp } from '../support/test-app';
import { demoApp } from './dashboard-fixtures';

const card = (formula: string, extra: Record<string, unknown> = {}) => ({
  id: 'probe',
  type: 'number',
  title: { 'zh-CN': '试算', en: 'Probe' },
  dataset: 'metric_values',
  measures: [{ key: 'value', label: { 'zh-CN': '数值', en: 'Value' }, formula }],
  ...extra,
});

/** What the dashboard designer calls: a widget computed before it is saved, and the formula catalog. */
describe('dashboard designer API', () => {
  let t: TestApp;
  let viewer: Api;

  beforeAll(async () => {
    t = await demoApp();
    const login = await t.anonymous
      .post('/api/auth/login')
      .send({ email: 'viewer@keyscore.example', password: 'keyscore-demo' })
      .expect(200);
    viewer = apiAs(t.app, login.body.token);
  }, 90_000);
  afterAll(() => t.close());

  it('computes an unsaved widget exactly as the data API computes the published one', async () => {
    const data = (await t.api.get('/api/dashboards/key_account_overview/data').expect(200)).body;
    const published = data.widgets.find((w: { id: string }) => w.id === 'revenue');
    const preview = (
      await t.api
        .post('/api/dashboards/preview-widget')
        .send({ widget: card('SUM(revenue)', { target: { formula: 'SUM(target)' }, trend: 4 }) })
        .expect(200)
    ).body;
    expect(preview).toMatchObject({ id: 'probe', ok: true, problems: [], cached: false });
    expect(preview.card.value).toBe(published.card.value);
    expect(preview.card.target).toBe(published.card.target);
    expect(preview.card.trend).toEqual(published.card.trend);
    expect(preview.periods).toEqual(published.periods);
    // The same id with another formula is computed again, never served from a cache.
    const other = (
      await t.api
        .post('/api/dashboards/preview-widget')
        .send({ widget: card('SUM(target)') })
        .expect(200)
    ).body;
    expect(other.card.value).toBe(published.card.target);
    const filtered = (
      await t.api
        .post('/api/dashboards/preview-widget')
        .send({ widget: card('SUM(revenue)'), filters: { accountType: 'multinational' } })
        .expect(200)
    ).body;
    expect(filtered.card.value).toBeLessThan(preview.card.value);
  });

  it('answers every formula problem with its position, pointing into the request', async () => {
    const widget = {
      ...card('SUM(revenue) +'),
      type: 'table',
      groupBy: ['region'],
      measures: [
        { key: 'a', label: { 'zh-CN': '甲', en: 'A' }, formula: 'SUM(revenue) +' },
        { key: 'b', label: { 'zh-CN': '乙', en: 'B' }, formula: 'SUM(revenu)' },
      ],
    };
    const body = (
      await t.api
        .post('/api/dashboards/preview-widget')
        .set('Accept-Language', 'zh-CN')
        .send({ widget })
        .expect(200)
    ).body;
    expect(body.ok).toBe(false);
    expect(body.error).toMatchObject({
      code: 'dashboards.formula_invalid',
      pointer: '/body/widget/measures/0/formula',
    });
    expect(body.problems.map((p: { pointer: string }) => p.pointer)).toEqual([
      '/body/widget/measures/0/formula',
      '/body/widget/measures/1/formula',
    ]);
    const unknown = body.problems[1];
    expect(unknown.position).toEqual({ start: 4, length: 6, line: 1, column: 5 });
    expect(unknown.message['zh-CN']).toMatch(/revenu/);
    expect(body.problems[0].position.start).toBeGreaterThanOrEqual(12);
  });

  it('refuses a widget that breaks the schema (422 by pointer) and callers who may not edit', async () => {
    const bad = await t.api
      .post('/api/dashboards/preview-widget')
      .send({ widget: { ...card('SUM(revenue)'), measures: [] } })
      .expect(422);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/body/widget/measures');
    await viewer
      .post('/api/dashboards/preview-widget')
      .send({ widget: card('SUM(revenue)') })
      .expect(403);
    await t.anonymous
      .post('/api/dashboards/preview-widget')
      .send({ widget: card('SUM(revenue)') })
      .expect(401);
  });

  it("lists the functions and a dataset's fields for completion, to anyone who reads documents", async () => {
    const catalog = (await viewer.get('/api/formula/catalog?dataset=metric_values').expect(200)).body;
    expect(catalog.dataset).toBe('metric_values');
    expect(catalog.fields.find((f: { name: string }) => f.name === 'revenue')).toMatchObject({
      type: 'number',
      label: { 'zh-CN': expect.any(String), en: expect.any(String) },
    });
    expect(catalog.functions.find((f: { name: string }) => f.name === 'AVERAGE')).toMatchObject({
      signature: 'AVERAGE(values, …)',
      category: 'aggregate',
    });
    expect((await t.api.get('/api/formula/catalog').expect(200)).body.fields).toEqual([]);
    const unknown = await t.api.get('/api/formula/catalog?dataset=secrets').expect(422);
    expect(unknown.body.errors[0].pointer).toBe('/query/dataset');
    await t.anonymous.get('/api/formula/catalog').expect(401);
  });
});
