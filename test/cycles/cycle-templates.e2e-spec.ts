import { DataSource } from 'typeorm';
import { CyclesRepository } from '@keyscore/cycles';
import { CycleScoreEntity } from '@keyscore/persistence';
import { JobName } from '@keyscore/queue';
import { MULTINATIONAL_TEMPLATE, type ScorecardTemplate } from '@keyscore/scoring';
import { startTestApp, type TestApp } from '../support/test-app';
import { AUTO_WORKFLOW, cycleSettled, publishWorkflow, reviewTeam, type ReviewTeam } from './cycle-fixtures';

interface Kpi {
  kpi: string;
  status: string;
  score: number | null;
  definition: { weight: number };
}
interface Card {
  template: { key: string; version: number };
  chain: { key: string; version: number }[];
  score: number | null;
  kpis: Kpi[];
  trace: { notes: { en: string; 'zh-CN': string }[] };
  override: { applied: boolean; entries: { kpi: string; weight?: number }[] } | null;
}

const PERIOD = '2026-Q1';
const KEY = 'mn_revenue_heavy';

/** The built-in multinational template with some weights changed (the rest as built in). */
function copyWith(weights: Record<string, number>): ScorecardTemplate {
  const { version: _v, ...builtin } = MULTINATIONAL_TEMPLATE;
  return {
    ...builtin,
    key: KEY,
    name: { 'zh-CN': '跨国企业（重营收）', en: 'Multinational (revenue-heavy)' },
    entries: builtin.entries.map((e) => (e.kpi in weights ? { ...e, weight: weights[e.kpi] } : e)),
  };
}
/** v1: revenue 22 and profit 2 (built in: 12 and 12). */
const V1 = copyWith({ key_account_revenue: 22, profit: 2 });
/** v2: revenue 20 and satisfaction 4 (built in: 12 and 12); profit stays 12. */
const V2 = copyWith({ key_account_revenue: 20, customer_satisfaction: 4 });

/**
 * Review cycles that pin a published scorecard template per account type: the scores follow the pinned
 * version's weights (and nothing else), the trace names it, a later version changes nothing already
 * pinned, a bad template is refused before anything is created, and per-account overrides are honoured.
 */
describe('review cycles with pinned scorecard templates', () => {
  let t: TestApp;
  let team: ReviewTeam;
  let dataSource: DataSource;
  let acc1: string; // multinational
  let acc2: string; // local enterprise
  let builtinCycle: string;
  let pinnedCycle: string;

  const storedCard = async (cycleId: string, accountId: string): Promise<Card> => {
    const rows = await dataSource.getRepository(CycleScoreEntity).findBy({ cycleId, accountId });
    expect(rows).toHaveLength(1);
    return (await t.app.get(CyclesRepository).scorecardsOf(rows))[0] as Card;
  };
  const createCycle = (name: string, extra: Record<string, unknown>, lang = 'en') =>
    t.api
      .post('/api/cycles')
      .set('Accept-Language', lang)
      .send({
        name,
        period: PERIOD,
        workflow: { key: AUTO_WORKFLOW.key },
        scope: { accountIds: [acc1, acc2] },
        ...extra,
      });
  const runCycle = async (name: string, extra: Record<string, unknown> = {}) => {
    const id = (await createCycle(name, extra).expect(201)).body.id as string;
    await t.api.post(`/api/cycles/${id}/launch`).expect(200);
    expect(await cycleSettled(dataSource, id)).toEqual({ completed: 1 * 2 });
    return id;
  };
  const preview = async (accountId: string, query = ''): Promise<Card> =>
    (await t.api.get(`/api/accounts/${accountId}/scorecard?period=${PERIOD}${query}`).expect(200)).body;
  const weightsOf = (card: Card) => Object.fromEntries(card.kpis.map((k) => [k.kpi, k.definition.weight]));
  const cycleCount = async () => (await t.api.get('/api/cycles').expect(200)).body.length as number;

  beforeAll(async () => {
    t = await startTestApp({
      worker: true,
      jobs: [JobName.WorkflowStart, JobName.WorkflowEffect, JobName.WorkflowTimer, JobName.CycleLaunched],
    });
    dataSource = t.app.get(DataSource);
    team = await reviewTeam(t, 2);
    [acc1, acc2] = team.accounts as [string, string];
    await publishWorkflow(t.api, AUTO_WORKFLOW);
    const row = (accountCode: string, metricKey: string, value: number) => ({
      accountCode,
      metricKey,
      period: PERIOD,
      value,
      state: 'actual',
      source: 'manual',
    });
    // Revenue on target (100), profit at 75% of target (below 100), and a few more KPIs with scores.
    await t.api
      .post('/api/metric-values')
      .send({
        rows: [
          row('ACC1', 'revenue', 1_000_000),
          row('ACC1', 'profit', 150_000),
          row('ACC1', 'satisfaction_score', 92),
          row('ACC1', 'cooperation_years', 7),
          row('ACC1', 'complaints', 4),
          row('ACC1', 'complaints_resolved_on_time', 3),
          row('ACC1', 'category_spend', 4_000_000),
          row('ACC2', 'revenue', 800_000),
          row('ACC2', 'satisfaction_score', 85),
        ],
      })
      .expect(201);
    await t.api
      .put(`/api/accounts/${acc1}/targets`)
      .send({ period: PERIOD, targets: { key_account_revenue: 1_000_000, profit: 200_000 } })
      .expect(200);
    await t.api
      .put(`/api/accounts/${acc2}/targets`)
      .send({ period: PERIOD, targets: { key_account_revenue: 1_000_000 } })
      .expect(200);
    await t.api.post('/api/documents/scorecard_template').send({ key: KEY, content: V1 }).expect(201);
    await t.api.post(`/api/documents/scorecard_template/${KEY}/publish`).expect(201);
    // A template nobody published.
    await t.api
      .post('/api/documents/scorecard_template')
      .send({ key: 'mn_unpublished', content: { ...V1, key: 'mn_unpublished' } })
      .expect(201);
  }, 60_000);
  afterAll(() => t.close());

  it.each([
    ['an unpublished template', { multinational: { key: 'mn_unpublished' } }, 'multinational', /尚未发布/],
    ['an unknown template', { multinational: { key: 'no_such_template' } }, 'multinational', /不存在/],
    ['a version never published', { multinational: { key: KEY, version: 9 } }, 'multinational', /9/],
    ['a template of another account type', { local_enterprise: { key: KEY } }, 'local_enterprise', /适用于/],
  ])(
    'refuses %s with 422 at its pointer, in Chinese, and creates nothing',
    async (_, templates, type, text) => {
      const before = await cycleCount();
      const { body } = await createCycle('refused', { templates }, 'zh-CN').expect(422);
      expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([`/body/templates/${type}`]);
      expect(body.errors[0].message).toMatch(text);
      expect(await cycleCount()).toBe(before);
    },
  );

  it('answers the refusal in English too', async () => {
    const { body } = await createCycle('refused', { templates: { multinational: { key: 'mn_unpublished' } } })
      .set('Accept-Language', 'en')
      .expect(422);
    expect(body.errors[0]).toEqual({
      pointer: '/body/templates/multinational',
      message: 'No published scorecard template "mn_unpublished" (unknown, or not published yet).',
    });
  });

  it('scores with the pinned version: only the changed weights move the total, and the trace names it', async () => {
    builtinCycle = await runCycle('built-in');
    const created = await createCycle('pinned', { templates: { multinational: { key: KEY } } }).expect(201);
    pinnedCycle = created.body.id;
    expect(created.body.templates).toEqual({ multinational: { key: KEY, version: 1 } });
    await t.api.post(`/api/cycles/${pinnedCycle}/launch`).expect(200);
    expect(await cycleSettled(dataSource, pinnedCycle)).toEqual({ completed: 2 });
    expect((await t.api.get(`/api/cycles/${pinnedCycle}`).expect(200)).body.templates).toEqual({
      multinational: { key: KEY, version: 1 },
    });

    const builtin = await storedCard(builtinCycle, acc1);
    const pinned = await storedCard(pinnedCycle, acc1);
    expect(builtin.template).toEqual({ key: 'multinational', version: 1 });
    expect(pinned.template).toEqual({ key: KEY, version: 1 });
    expect(pinned.chain).toEqual([
      { key: 'key_account_base', version: 1 },
      { key: KEY, version: 1 },
    ]);
    // The same inputs give the same KPI scores; only the weights differ, exactly as the template says.
    const scoresOf = (card: Card) => Object.fromEntries(card.kpis.map((k) => [k.kpi, [k.status, k.score]]));
    expect(scoresOf(pinned)).toEqual(scoresOf(builtin));
    expect(weightsOf(pinned)).toEqual({ ...weightsOf(builtin), key_account_revenue: 22, profit: 2 });
    const revenue = pinned.kpis.find((k) => k.kpi === 'key_account_revenue')!;
    const profit = pinned.kpis.find((k) => k.kpi === 'profit')!;
    expect(revenue.score).toBe(100);
    expect(profit.score!).toBeLessThan(100);
    // The total is the weighted mean of the scored KPIs under the pinned weights.
    const scored = pinned.kpis.filter((k) => k.status === 'scored');
    expect(scored.length).toBeGreaterThanOrEqual(5);
    const mean = (w: (k: Kpi) => number) =>
      scored.reduce((s, k) => s + k.score! * w(k), 0) / scored.reduce((s, k) => s + w(k), 0);
    expect(Math.abs(pinned.score! - mean((k) => k.definition.weight))).toBeLessThanOrEqual(0.01);
    expect(Math.abs(builtin.score! - mean((k) => weightsOf(builtin)[k.kpi]!))).toBeLessThanOrEqual(0.01);
    expect(pinned.score!).toBeGreaterThan(builtin.score!);

    // The local enterprise had no template pinned: built in, the same in both cycles.
    const local = [await storedCard(builtinCycle, acc2), await storedCard(pinnedCycle, acc2)];
    expect(local.map((c) => c.template)).toEqual([
      { key: 'local_large_enterprise', version: 1 },
      { key: 'local_large_enterprise', version: 1 },
    ]);
    expect(local[1]!.score).toBe(local[0]!.score);

    // The preview of the same version gives the same numbers; the built-in template, the built-in ones.
    expect((await preview(acc1, `&template=${KEY}@1`)).score).toBe(pinned.score);
    expect((await preview(acc1, '&template=multinational')).score).toBe(builtin.score);
  });

  it('keeps a pinned version when a newer one is published; the preview takes the latest by default', async () => {
    await t.api
      .put(`/api/documents/scorecard_template/${KEY}/draft`)
      .send({
        content: V2,
        revision: (await t.api.get(`/api/documents/scorecard_template/${KEY}`)).body.revision,
      })
      .expect(200);
    expect(
      (await t.api.post(`/api/documents/scorecard_template/${KEY}/publish`).expect(201)).body.version,
    ).toBe(2);
    const latest = await preview(acc1, `&template=${KEY}`);
    expect(latest.template).toEqual({ key: KEY, version: 2 });
    expect(weightsOf(latest)).toMatchObject({
      key_account_revenue: 20,
      profit: 12,
      customer_satisfaction: 4,
    });
    // A cycle pinned to v1 still scores with v1 (the stored score and a recomputation agree).
    expect((await storedCard(pinnedCycle, acc1)).template).toEqual({ key: KEY, version: 1 });
    expect((await preview(acc1, `&template=${KEY}@1`)).score).toBe(
      (await storedCard(pinnedCycle, acc1)).score,
    );
  });

  it('scores person scores, what-ifs, exports and plain previews with the template in force', async () => {
    // Both cycles stored scores for the quarter; the later launched one (pinning v1) counts.
    const inForce = await storedCard(pinnedCycle, acc1);
    const builtin = await storedCard(builtinCycle, acc1);
    expect(inForce.score).not.toBe(builtin.score);
    const card = await preview(acc1);
    expect(card.template).toEqual({ key: KEY, version: 1 });
    expect(card.score).toBe(inForce.score);

    // All of ACC1's credit goes to its account manager: their score is ACC1's, under v1's weights.
    await t.api
      .put(`/api/accounts/${acc1}/contributions`)
      .send({ period: PERIOD, mode: 'split', shares: [{ personId: team.am.personId, percent: 100 }] })
      .expect(200);
    const person = (await t.api.get(`/api/people/${team.am.personId}/score?period=${PERIOD}`).expect(200))
      .body as { score: number };
    expect(person.score).toBeCloseTo(inForce.score!, 2);
    const department = (
      await t.api.get(`/api/departments/${team.departmentId}/score?period=${PERIOD}`).expect(200)
    ).body as { score: number };
    expect(department.score).toBeCloseTo(inForce.score!, 2);

    // A what-if starts from the score in force: leaving profit out moves it by v1's weight of 2, not 12.
    const whatIf = (
      await t.api
        .post(`/api/accounts/${acc1}/what-if`)
        .send({
          period: PERIOD,
          adjustments: [{ kind: 'exemption', kpi: 'profit', reason: 'merger quarter' }],
        })
        .expect(200)
    ).body as { total: { before: number; after: number } };
    expect(whatIf.total.before).toBe(inForce.score);
    const scored = inForce.kpis.filter((k) => k.status === 'scored' && k.kpi !== 'profit');
    const withoutProfit =
      scored.reduce((s, k) => s + k.score! * k.definition.weight, 0) /
      scored.reduce((s, k) => s + k.definition.weight, 0);
    expect(Math.abs(whatIf.total.after - withoutProfit)).toBeLessThanOrEqual(0.01);

    // The score export shows the same score for ACC1.
    const csv = (await t.api.get(`/api/exports/scores.csv?period=${PERIOD}&lang=en`).expect(200)).text;
    const line = csv.split(/\r?\n/).find((l) => l.startsWith('ACC1,'))!;
    expect(Number(line.split(',')[3])).toBe(inForce.score);
  });

  it('refuses a preview template that is unknown or of another account type, at /query/template', async () => {
    const wrongType = await t.api
      .get(`/api/accounts/${acc2}/scorecard?period=${PERIOD}&template=${KEY}`)
      .set('Accept-Language', 'zh-CN')
      .expect(422);
    expect(wrongType.body.errors[0].pointer).toBe('/query/template');
    expect(wrongType.body.errors[0].message).toMatch(/local_enterprise/);
    const unknown = await t.api
      .get(`/api/accounts/${acc1}/scorecard?period=${PERIOD}&template=mn_unpublished`)
      .expect(422);
    expect(unknown.body.errors[0].pointer).toBe('/query/template');
    await t.api.get(`/api/accounts/${acc1}/scorecard?period=${PERIOD}&template=Not-A-Key`).expect(422);
  });

  describe('per-account overrides', () => {
    it('refuses an override whose weights do not sum to 100, at its field, and stores nothing', async () => {
      const { body } = await t.api
        .put(`/api/accounts/${acc1}/scorecard-override`)
        .send({ period: PERIOD, entries: [{ kpi: 'profit', weight: 30 }] })
        .expect(422);
      expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/body/entries');
      expect(body.errors[0].message).toMatch(/100/);
      await t.api.get(`/api/accounts/${acc1}/scorecard-override?period=${PERIOD}`).expect(404);
    });

    it('sets an override (audited) that previews and new cycles honour', async () => {
      // Revenue 17 and profit 7 keep the sum under the built-in template (12 + 12) and v1 (22 + 2).
      const entries = [
        { kpi: 'key_account_revenue', weight: 17 },
        { kpi: 'profit', weight: 7 },
      ];
      const set = await t.api
        .put(`/api/accounts/${acc1}/scorecard-override`)
        .send({ period: PERIOD, entries })
        .expect(200);
      expect(set.body).toMatchObject({ period: PERIOD, entries, remove: [] });
      expect(
        (await t.api.get(`/api/accounts/${acc1}/scorecard-override?period=${PERIOD}`).expect(200)).body,
      ).toMatchObject({ entries });

      const card = await preview(acc1);
      expect(card.override).toMatchObject({ applied: true, entries });
      expect(weightsOf(card)).toMatchObject({ key_account_revenue: 17, profit: 7 });
      // Another quarter is not touched.
      const other = (await t.api.get(`/api/accounts/${acc1}/scorecard?period=2026-Q2`).expect(200))
        .body as Card;
      expect(other.override).toBeNull();

      const cycle = await runCycle('with override', {
        templates: { multinational: { key: KEY, version: 1 } },
      });
      const stored = await storedCard(cycle, acc1);
      expect(stored.template).toEqual({ key: KEY, version: 1 });
      expect(weightsOf(stored)).toMatchObject({ key_account_revenue: 17, profit: 7 });
      expect(stored.override).toMatchObject({ applied: true });
      // The cycle scored before the override keeps its score.
      expect(weightsOf(await storedCard(pinnedCycle, acc1))).toMatchObject({ key_account_revenue: 22 });

      const audit = (
        await t.api.get('/api/audit?entityType=account_scorecard_override&limit=100').expect(200)
      ).body;
      const entriesOf = (audit.items ?? audit) as { action: string; entityId: string; after: unknown }[];
      expect(entriesOf).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'scorecard_override.set',
            entityId: `${acc1}/${PERIOD}`,
            after: { entries, remove: [] },
          }),
        ]),
      );
    });

    it('refuses a cycle whose template the override does not fit; a preview shows it as not applied', async () => {
      // v2 weighs revenue + profit 32 where the override makes them 24: the sum would be 92.
      const before = await cycleCount();
      const { body } = await createCycle('v2', {
        templates: { multinational: { key: KEY, version: 2 } },
      }).expect(422);
      expect(body.errors[0].pointer).toBe('/body/templates/multinational');
      expect(body.errors[0].message).toMatch(/ACC1/);
      expect(await cycleCount()).toBe(before);

      const card = await preview(acc1, `&template=${KEY}@2`);
      expect(card.override).toMatchObject({ applied: false });
      expect(weightsOf(card)).toMatchObject({ key_account_revenue: 20, profit: 12 });
      expect(card.trace.notes.map((n) => n.en).join(' ')).toMatch(/override/);
    });

    it('removes the override, audited', async () => {
      await t.api.delete(`/api/accounts/${acc1}/scorecard-override?period=${PERIOD}`).expect(204);
      await t.api.delete(`/api/accounts/${acc1}/scorecard-override?period=${PERIOD}`).expect(404);
      expect((await preview(acc1)).override).toBeNull();
      const audit = (
        await t.api.get('/api/audit?entityType=account_scorecard_override&limit=100').expect(200)
      ).body;
      expect(JSON.stringify(audit)).toContain('scorecard_override.delete');
    });

    it('lets only those who may set targets change overrides', async () => {
      await team.am.api
        .put(`/api/accounts/${acc1}/scorecard-override`)
        .send({ period: PERIOD, entries: [] })
        .expect(403);
    });
  });
});
