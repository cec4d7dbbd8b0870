import { DataSource } from 'typeorm';
import { JobName } from '@keyscore/queue';
import { apiAs, eventually, signInAs, startTestApp, type TestApp } from '../support/test-app';

interface Kpi {
  kpi: string;
  status: string;
  score: number | null;
  definition: { formula: string; metrics: string[] };
  inputs: ({ source?: string; state: string } | null)[];
}
interface Scorecard {
  account: { code: string; accountType: string };
  template: { key: string };
  score: number | null;
  rawScore: number | null;
  rating: string | null;
  coverage: number | null;
  confidence: string;
  gates: { kpi: string; status: string; cap: number }[];
  kpis: Kpi[];
  trace: { renormalisation: { unknown: string[] } };
}

/** The demo workspace scored by the two built-in templates: every account, with a trace. */
describe('scorecards of the demo workspace', () => {
  let t: TestApp;
  let accounts: { id: string; code: string; accountType: string }[];

  beforeAll(async () => {
    t = await startTestApp({ worker: true, jobs: [JobName.MetricsRollup], env: { DEMO_DATA: 'true' } });
    // This year's revenue, profit and orders come from monthly values rolled up by the worker.
    const dataSource = t.app.get(DataSource);
    await eventually(async () => {
      const [{ count }] = await dataSource.query(
        `SELECT COUNT(*) AS count FROM metric_values WHERE source = 'rollup' AND period IN ('2026-Q2', '2026-Q3')`,
      );
      return Number(count) >= 40 * 3 * 2;
    }, 60_000);
    accounts = (await t.api.get('/api/accounts?limit=500').expect(200)).body.items;
  }, 120_000);
  afterAll(() => t.close());

  const scorecard = async (code: string, period: string): Promise<Scorecard> => {
    const account = accounts.find((a) => a.code === code)!;
    return (await t.api.get(`/api/accounts/${account.id}/scorecard?period=${period}`).expect(200)).body;
  };

  it.each(['2026-Q2', '2026-Q3'])(
    'scores all 40 accounts for %s with the template of their type and a trace',
    async (period) => {
      expect(accounts).toHaveLength(40);
      for (const account of accounts) {
        const card = await scorecard(account.code, period);
        expect(card.template.key).toBe(
          account.accountType === 'multinational' ? 'multinational' : 'local_large_enterprise',
        );
        expect(card.kpis).toHaveLength(account.accountType === 'multinational' ? 13 : 12);
        expect(card.score).toEqual(expect.any(Number));
        expect(['S', 'A', 'B', 'C', 'D']).toContain(card.rating);
        for (const kpi of card.kpis) {
          expect(kpi.definition.formula).toEqual(expect.any(String));
          if (kpi.status === 'scored') {
            expect(kpi.inputs.some((input) => input?.source)).toBe(true);
          }
        }
        const revenue = card.kpis.find((k) => k.kpi === 'key_account_revenue')!;
        expect(revenue.status).toBe('scored');
      }
    },
  );

  it('re-normalises over known KPIs when a survey is pending, and reports the coverage', async () => {
    const card = await scorecard('LOC003', '2026-Q3');
    expect(card.kpis.find((k) => k.kpi === 'customer_satisfaction')!.status).toBe('pending');
    expect(card.trace.renormalisation.unknown).toContain('customer_satisfaction');
    expect(card.coverage).toBeLessThan(1);
    expect(card.score).toEqual(expect.any(Number));
    const full = await scorecard('LOC003', '2026-Q2');
    expect(full.coverage).toBe(1);
  });

  it('caps the total of a multinational account that breached international compliance', async () => {
    const card = await scorecard('MNC003', '2026-Q3');
    const gate = card.gates.find((g) => g.kpi === 'international_compliance')!;
    expect(gate.status).toBe('breached');
    expect(card.score).toBeLessThanOrEqual(gate.cap);
    const before = await scorecard('MNC003', '2026-Q2');
    expect(before.gates.find((g) => g.kpi === 'international_compliance')!.status).toBe('passed');
  });

  it('shows an account manager only the scorecards of their accounts', async () => {
    const login = await t.anonymous
      .post('/api/auth/login')
      .send({ email: 'li.na@keyscore.example', password: 'keyscore-demo' })
      .expect(200);
    const liNa = apiAs(t.app, login.body.token);
    const own = (await liNa.get('/api/accounts?limit=500').expect(200)).body.items as { id: string }[];
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(40);
    await liNa.get(`/api/accounts/${own[0]!.id}/scorecard?period=2026-Q3`).expect(200);
    const other = accounts.find((a) => !own.some((o) => o.id === a.id))!;
    await liNa.get(`/api/accounts/${other.id}/scorecard?period=2026-Q3`).expect(404);
  });

  it('sets per-account targets with an audit entry, and refuses KPIs without per-account targets', async () => {
    const account = accounts.find((a) => a.code === 'MNC001')!;
    await t.api
      .put(`/api/accounts/${account.id}/targets`)
      .send({ period: '2026-Q3', targets: { key_account_revenue: 1 } })
      .expect(200);
    const card = await scorecard('MNC001', '2026-Q3');
    expect(card.kpis.find((k) => k.kpi === 'key_account_revenue')!.score).toBeGreaterThanOrEqual(100);
    const { body } = await t.api
      .put(`/api/accounts/${account.id}/targets`)
      .send({ period: '2026-Q3', targets: { customer_satisfaction: 50 } })
      .expect(422);
    expect(body.errors[0].pointer).toBe('/body/targets/customer_satisfaction');
    const audit = (await t.api.get('/api/audit?entityType=account_target&limit=1000').expect(200)).body;
    expect(
      audit.some(
        (e: { entityId: string; after: number }) =>
          e.entityId === `${account.id}/key_account_revenue/2026-Q3` && e.after === 1,
      ),
    ).toBe(true);
  });

  it("gives a person the credit-weighted combination of their accounts' scores", async () => {
    const people = (await t.api.get('/api/people').expect(200)).body as {
      id: string;
      employeeNo: string;
      departmentId: string;
    }[];
    const liNa = people.find((p) => p.employeeNo === 'E1002')!;
    const person = (await t.api.get(`/api/people/${liNa.id}/score?period=2026-Q3`).expect(200)).body as {
      score: number;
      accounts: { account: string; percent: number; score: number | null }[];
    };
    expect(person.accounts.length).toBeGreaterThan(0);
    expect(person.accounts.every((a) => a.percent === 60)).toBe(true);
    for (const credited of person.accounts) {
      expect(credited.score).toBe((await scorecard(credited.account, '2026-Q3')).score);
    }
    const scored = person.accounts.filter((a) => a.score !== null);
    const expected =
      scored.reduce((sum, a) => sum + a.percent * a.score!, 0) /
      scored.reduce((sum, a) => sum + a.percent, 0);
    expect(person.score).toBeCloseTo(expected, 2);

    const department = (
      await t.api.get(`/api/departments/${liNa.departmentId}/score?period=2026-Q3`).expect(200)
    ).body;
    expect(department.score).toEqual(expect.any(Number));

    const login = await t.anonymous
      .post('/api/auth/login')
      .send({ email: 'li.na@keyscore.example', password: 'keyscore-demo' })
      .expect(200);
    const asLiNa = apiAs(t.app, login.body.token);
    await asLiNa.get(`/api/people/${liNa.id}/score?period=2026-Q3`).expect(200);
    const other = people.find((p) => p.employeeNo === 'E1003')!;
    await asLiNa.get(`/api/people/${other.id}/score?period=2026-Q3`).expect(404);
    await asLiNa.get(`/api/departments/${liNa.departmentId}/score?period=2026-Q3`).expect(404);
  });

  it('refuses a split that does not sum to 100, naming the sum, and writes nothing', async () => {
    const account = accounts.find((a) => a.code === 'LOC001')!;
    const before = (await t.api.get(`/api/accounts/${account.id}/contributions?period=2026-Q3`).expect(200))
      .body;
    const people = (await t.api.get('/api/people').expect(200)).body as { id: string }[];
    const { body } = await t.api
      .put(`/api/accounts/${account.id}/contributions`)
      .set('Accept-Language', 'en')
      .send({
        period: '2026-Q3',
        mode: 'split',
        shares: [
          { personId: people[0]!.id, percent: 70 },
          { personId: people[1]!.id, percent: 20 },
        ],
      })
      .expect(422);
    expect(body.code).toBe('contributions.invalid_split');
    expect(body.message).toMatch(/90/);
    expect(
      (await t.api.get(`/api/accounts/${account.id}/contributions?period=2026-Q3`).expect(200)).body,
    ).toEqual(before);
  });

  it('previews an adjustment, then applies it once approved by someone else: exactly that KPI changes, audited', async () => {
    const account = accounts.find((a) => a.code === 'MNC002')!;
    const before = await scorecard('MNC002', '2026-Q3');
    const adjustment = {
      kind: 'market_index',
      kpi: 'key_account_revenue',
      index: 0.8,
      reason: 'Competitor price cut shrank the market 20%',
    };
    const preview = (
      await t.api
        .post(`/api/accounts/${account.id}/what-if`)
        .send({ period: '2026-Q3', adjustments: [adjustment] })
        .expect(200)
    ).body as {
      kpis: { kpi: string; changed: boolean }[];
    };
    expect(preview.kpis.filter((k) => k.changed).map((k) => k.kpi)).toEqual(['key_account_revenue']);
    expect(await scorecard('MNC002', '2026-Q3')).toEqual(before); // what-if stores nothing

    const proposed = (
      await t.api
        .post(`/api/accounts/${account.id}/adjustments`)
        .send({ period: '2026-Q3', ...adjustment })
        .expect(201)
    ).body;
    expect(await scorecard('MNC002', '2026-Q3')).toEqual(before); // proposed is not applied
    const self = await t.api.post(`/api/adjustments/${proposed.id}/approve`).expect(409);
    expect(self.body.code).toBe('adjustments.self_approval');

    const second = apiAs(t.app, await signInAs(t.app, { email: 'approver@example.com', role: 'admin' }));
    await second.post(`/api/adjustments/${proposed.id}/approve`).expect(200);
    await second.post(`/api/adjustments/${proposed.id}/approve`).expect(409);
    const after = await scorecard('MNC002', '2026-Q3');
    const changed = after.kpis
      .filter((k, i) => JSON.stringify(k) !== JSON.stringify(before.kpis[i]))
      .map((k) => k.kpi);
    expect(changed).toEqual(['key_account_revenue']);
    const revenueBefore = before.kpis.find((k) => k.kpi === 'key_account_revenue')!;
    const revenueAfter = after.kpis.find((k) => k.kpi === 'key_account_revenue')!;
    expect(revenueAfter.score!).toBeGreaterThanOrEqual(revenueBefore.score!);
    // Other accounts are untouched.
    const other = await scorecard('MNC004', '2026-Q3');
    expect(other.kpis.find((k) => k.kpi === 'key_account_revenue')).toBeDefined();
    const audit = (await t.api.get(`/api/audit?entityType=adjustment&entityId=${proposed.id}`).expect(200))
      .body;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'adjustment.propose',
      'adjustment.approve',
    ]);
  });

  it('validates the period', async () => {
    const { body } = await t.api.get(`/api/accounts/${accounts[0]!.id}/scorecard?period=2026-07`).expect(422);
    expect(body.errors[0].pointer).toBe('/query/period');
  });
});
