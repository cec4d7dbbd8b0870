import { MULTINATIONAL_TEMPLATE, type KpiDefinition, type ScorecardTemplate } from '@keyscore/scoring';
import { DataSource } from 'typeorm';
import { JobName } from '@keyscore/queue';
import { AUTO_WORKFLOW, cycleSettled, publishWorkflow } from '../cycles/cycle-fixtures';
import { createAccountWithManager } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

interface Card {
  template: { key: string; version: number };
  chain: { key: string; version: number }[];
  score: number | null;
  kpis: {
    kpi: string;
    status: string;
    score: number | null;
    definition: { version: number; weight: number };
  }[];
}

const PERIOD = '2026-Q1';

/** A KPI no built-in library has: service excellence, a per-account target on the satisfaction survey. */
const SERVICE: KpiDefinition = {
  key: 'service_excellence',
  name: { 'zh-CN': '卓越服务', en: 'Service excellence' },
  family: 'satisfaction',
  unit: 'score',
  direction: 'higher',
  horizon: 'short',
  formula: 'satisfaction_score',
  target: { type: 'per_account', default: 90 },
  scoring: { type: 'linear', floor: 50, stretch: 100, cap: 110 },
};
/** v2 of it: a stricter floor. */
const SERVICE_V2: KpiDefinition = {
  ...SERVICE,
  scoring: { type: 'linear', floor: 80, stretch: 100, cap: 110 },
};

const { version: _v, ...MULTINATIONAL } = MULTINATIONAL_TEMPLATE;
/** A published copy of the multinational template, as an admin's own base. */
const BASE: ScorecardTemplate = {
  ...MULTINATIONAL,
  key: 'mn_base_2027',
  name: { 'zh-CN': '跨国企业 2027', en: 'Multinational 2027' },
};
/** Extends the published base: satisfaction 12 → 2, and the new KPI at 10. */
const CHILD: ScorecardTemplate = {
  key: 'mn_service_2027',
  name: { 'zh-CN': '跨国企业 2027（服务）', en: 'Multinational 2027 (service)' },
  accountType: 'multinational',
  extends: 'mn_base_2027',
  entries: [
    { kpi: 'customer_satisfaction', weight: 2 },
    { kpi: 'service_excellence', weight: 10 },
  ],
};

/**
 * KPIs and templates an admin publishes are the library scoring uses: a template may weigh a published
 * KPI and extend a published template, and each template version keeps the versions it was published
 * against, so later versions of its KPIs or base change nothing it scores.
 */
describe('scoring with published KPIs and templates', () => {
  let t: TestApp;
  let accountId: string;

  /** Creates or edits the draft, then publishes it; the publish answer's body, with its status checked. */
  const publish = async (kind: string, key: string, content: object, status = 201) => {
    const existing = await t.api.get(`/api/documents/${kind}/${key}`);
    if (existing.status === 404)
      await t.api.post(`/api/documents/${kind}`).send({ key, content }).expect(201);
    else
      await t.api
        .put(`/api/documents/${kind}/${key}/draft`)
        .send({ content, revision: existing.body.revision })
        .expect(200);
    return (await t.api.post(`/api/documents/${kind}/${key}/publish`).expect(status)).body;
  };
  const preview = async (template: string): Promise<Card> =>
    (
      await t.api
        .get(`/api/accounts/${accountId}/scorecard?period=${PERIOD}&template=${template}`)
        .expect(200)
    ).body;
  const service = (card: Card) => card.kpis.find((k) => k.kpi === 'service_excellence')!;

  beforeAll(async () => {
    t = await startTestApp({
      worker: true,
      jobs: [JobName.WorkflowStart, JobName.WorkflowEffect, JobName.WorkflowTimer, JobName.CycleLaunched],
    });
    ({ accountId } = await createAccountWithManager(t.api));
    await t.api
      .post('/api/metric-values')
      .send({
        rows: [
          {
            accountCode: 'ACC1',
            metricKey: 'satisfaction_score',
            period: PERIOD,
            value: 85,
            state: 'actual',
            source: 'manual',
          },
          {
            accountCode: 'ACC1',
            metricKey: 'revenue',
            period: PERIOD,
            value: 1_000_000,
            state: 'actual',
            source: 'manual',
          },
        ],
      })
      .expect(201);
  }, 60_000);
  afterAll(() => t.close());

  it('refuses a template that weighs a KPI nobody published, at the entry', async () => {
    const body = await publish(
      'scorecard_template',
      'mn_too_early',
      {
        ...CHILD,
        key: 'mn_too_early',
        extends: 'multinational',
      },
      422,
    );
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/draft/entries/1/kpi');
  });

  it('publishes a template over a published KPI and base, pinning their versions', async () => {
    expect((await publish('kpi', SERVICE.key, SERVICE)).version).toBe(1);
    expect((await publish('scorecard_template', BASE.key, BASE)).pins).toEqual([]);
    const child = await publish('scorecard_template', CHILD.key, CHILD);
    expect(child.pins).toEqual([
      { kind: 'scorecard_template', key: 'mn_base_2027', version: 1 },
      { kind: 'kpi', key: 'service_excellence', version: 1 },
    ]);
    // The version shows them too.
    const version = (await t.api.get(`/api/documents/scorecard_template/${CHILD.key}/versions/1`).expect(200))
      .body;
    expect(version.pins).toEqual(child.pins);
    // The library the template editor offers includes the published KPI.
    const library = (await t.api.get('/api/kpi-library').expect(200)).body as {
      kpis: { key: string; version: number }[];
      publishedTemplates: { key: string; version: number }[];
    };
    expect(library.kpis).toContainEqual(expect.objectContaining({ key: 'service_excellence', version: 1 }));
    expect(library.publishedTemplates.map((p) => `${p.key}@${p.version}`)).toEqual([
      'mn_base_2027@1',
      'mn_service_2027@1',
    ]);
  });

  it('scores with them: the chain names the published base, the new KPI has its per-account target', async () => {
    await t.api
      .put(`/api/accounts/${accountId}/targets`)
      .send({ period: PERIOD, targets: { service_excellence: 85 } })
      .expect(200);
    const card = await preview(`${CHILD.key}@1`);
    expect(card.chain).toEqual([
      { key: 'key_account_base', version: 1 },
      { key: 'mn_base_2027', version: 1 },
      { key: 'mn_service_2027', version: 1 },
    ]);
    expect(service(card)).toMatchObject({
      status: 'scored',
      score: 100,
      definition: { version: 1, weight: 10 },
    });
    expect(card.kpis.find((k) => k.kpi === 'customer_satisfaction')!.definition.weight).toBe(2);
  });

  it('keeps a template version on the KPI version it was published with', async () => {
    await t.api
      .put(`/api/accounts/${accountId}/targets`)
      .send({ period: PERIOD, targets: { service_excellence: 100 } })
      .expect(200);
    const before = await preview(`${CHILD.key}@1`);
    // 85 of a target of 100 on v1's line from 50 to 100: 70.
    expect(service(before).score).toBe(70);
    expect((await publish('kpi', SERVICE.key, SERVICE_V2)).version).toBe(2);
    const after = await preview(`${CHILD.key}@1`);
    expect(service(after)).toMatchObject({ score: 70, definition: { version: 1 } });
    expect(after.score).toBe(before.score);

    // Publishing the template again pins v2 of the KPI: 85 on the line from 80 to 100 scores 25.
    const v2 = await publish('scorecard_template', CHILD.key, CHILD);
    expect(v2.pins).toContainEqual({ kind: 'kpi', key: 'service_excellence', version: 2 });
    expect(service(await preview(`${CHILD.key}@2`))).toMatchObject({ score: 25, definition: { version: 2 } });
  });

  it('a cycle pinning the template stores the new KPI, and dashboards name it', async () => {
    await publishWorkflow(t.api, AUTO_WORKFLOW);
    const cycle = (
      await t.api
        .post('/api/cycles')
        .send({
          name: 'Service 2027',
          period: PERIOD,
          workflow: { key: AUTO_WORKFLOW.key },
          scope: { accountIds: [accountId] },
          templates: { multinational: { key: CHILD.key, version: 2 } },
        })
        .expect(201)
    ).body as { id: string };
    await t.api.post(`/api/cycles/${cycle.id}/launch`).expect(200);
    expect(await cycleSettled(t.app.get(DataSource), cycle.id)).toEqual({ completed: 1 });
    const widget = {
      id: 'kpis',
      type: 'table',
      title: { 'zh-CN': '指标', en: 'KPIs' },
      dataset: 'kpi_scores',
      groupBy: ['kpi'],
      measures: [{ key: 'score', label: { 'zh-CN': '得分', en: 'Score' }, formula: 'SUM(score)' }],
    };
    const table = (
      await t.api
        .post('/api/dashboards/preview-widget')
        .send({ widget, filters: { period: PERIOD } })
        .expect(200)
    ).body as { rows: { key: string[]; labels: ({ en: string } | null)[]; values: number[] }[] };
    const row = table.rows.find((r) => r.key[0] === 'service_excellence')!;
    expect(row.labels[0]).toEqual({ 'zh-CN': '卓越服务', en: 'Service excellence' });
    expect(row.values[0]).toBe(25);
  });

  it('does not offer an archived KPI to new templates; versions that pinned it still score', async () => {
    await t.api.post(`/api/documents/kpi/${SERVICE.key}/archive`).expect(200);
    const body = await publish(
      'scorecard_template',
      'mn_after_archive',
      {
        ...CHILD,
        key: 'mn_after_archive',
      },
      422,
    );
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/draft/entries/1/kpi');
    expect(service(await preview(`${CHILD.key}@2`)).definition.version).toBe(2);
  });
});
