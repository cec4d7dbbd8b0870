import { Workbook } from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DashboardsRepository } from '../../libs/dashboards/src/dashboards.repository';
import { KpiProjection } from '../../libs/dashboards/src/kpi-projection.service';
import { apiAs, eventually, type Api, type TestApp } from '../support/test-app';
import { demoApp, mean, quarterTruth, sum, type AccountTruth } from './dashboard-fixtures';

interface Widget {
  id: string;
  ok: boolean;
  cached: boolean;
  card?: { value: number | null; target: number | null; trend: { period: string; value: number | null }[] };
  rows: { key: (string | number | null)[]; values: (number | string | null | { error: string })[] }[];
  periods: string[];
  error?: {
    code: string;
    message: { en: string; 'zh-CN': string };
    pointer: string;
    position?: { line: number; column: number };
  };
}

const OVERVIEW = '/api/dashboards/key_account_overview';
const Q3 = '2026-Q3';

/** The demo workspace's dashboards over HTTP: numbers, scoping, errors, admin changes, caching, exports. */
describe(`dashboards on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let dataSource: DataSource;
  let q3: AccountTruth[];
  let q3LastYear: AccountTruth[];

  const widgets = async (api: Api, query = '') =>
    new Map(
      ((await api.get(`${OVERVIEW}/data${query}`).expect(200)).body.widgets as Widget[]).map((w) => [
        w.id,
        w,
      ]),
    );
  const signIn = async (email: string) =>
    apiAs(
      t.app,
      (await t.anonymous.post('/api/auth/login').send({ email, password: 'keyscore-demo' }).expect(200)).body
        .token,
    );

  beforeAll(async () => {
    t = await demoApp();
    dataSource = t.app.get(DataSource);
    q3 = await quarterTruth(dataSource, Q3);
    q3LastYear = await quarterTruth(dataSource, '2025-Q3');
  }, 90_000);
  afterAll(() => t.close());

  it('lists the four built-in dashboards in both languages', async () => {
    const list = (await t.api.get('/api/dashboards').expect(200)).body;
    expect(list.map((d: { key: string }) => d.key).sort()).toEqual([
      'key_account_overview',
      'team_ranking',
      'trends_alerts',
      'weak_link_finder',
    ]);
    for (const d of list) expect(d.title['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });

  it("shows the overview's numbers as the metric values imply them, for the latest quarter", async () => {
    const w = await widgets(t.api);
    expect(w.get('revenue')!.periods.at(-1)).toBe(Q3);
    expect(w.get('revenue')!.card!.value).toBeCloseTo(sum(q3, 'revenue'), 2);
    expect(w.get('revenue')!.card!.target).toBeCloseTo(sum(q3, 'target'), 2);
    expect(w.get('attainment')!.card!.value).toBeCloseTo(sum(q3, 'revenue') / sum(q3, 'target'), 10);
    expect(w.get('growth')!.card!.value).toBeCloseTo(sum(q3, 'revenue') / sum(q3LastYear, 'revenue') - 1, 10);
    expect(w.get('satisfaction')!.card!.value).toBeCloseTo(mean(q3, 'satisfaction_score'), 10);
    expect(w.get('repeat_purchase')!.card!.value).toBeCloseTo(
      sum(q3, 'repeat_orders') / sum(q3, 'orders'),
      10,
    );
    expect(w.get('market_share')!.card!.value).toBeCloseTo(
      sum(q3, 'revenue') / sum(q3, 'category_spend'),
      10,
    );
    const byType = w.get('revenue_by_type')!;
    for (const type of ['multinational', 'local_enterprise']) {
      const row = byType.rows.find((r) => r.key[0] === type)!;
      const accounts = q3.filter((a) => a.accountType === type);
      expect(row.values[0]).toBeCloseTo(sum(accounts, 'revenue'), 2);
      expect(row.values[1]).toBeCloseTo(sum(accounts, 'target'), 2);
    }
    expect(w.get('top_accounts')!.rows).toHaveLength(10);
    expect(w.get('satisfaction_vs_repeat')!.rows).toHaveLength(40);
  });

  it('applies the filters: account type, region, person', async () => {
    const multinational = await widgets(t.api, '?accountType=multinational');
    expect(multinational.get('revenue')!.card!.value).toBeCloseTo(
      sum(
        q3.filter((a) => a.accountType === 'multinational'),
        'revenue',
      ),
      2,
    );
    const manager = q3[0]!.managerId;
    const theirs = await widgets(t.api, `?person=${manager}&period=${Q3}`);
    const teams: { account_id: string }[] = await dataSource.query(
      dataSource.options.type === 'postgres'
        ? 'SELECT account_id FROM account_members WHERE person_id = $1'
        : 'SELECT account_id FROM account_members WHERE person_id = ?',
      [manager],
    );
    const ids = new Set([
      ...q3.filter((a) => a.managerId === manager).map((a) => a.id),
      ...teams.map((m) => m.account_id),
    ]);
    expect(theirs.get('revenue')!.card!.value).toBeCloseTo(
      sum(
        q3.filter((a) => ids.has(a.id)),
        'revenue',
      ),
      2,
    );
  });

  it("shows an account manager only their own accounts' data", async () => {
    const liNa = await signIn('li.na@keyscore.example');
    const me = (await liNa.get('/api/auth/me').expect(200)).body.user.personId as string;
    const visible = (await liNa.get('/api/accounts?limit=500').expect(200)).body.items.map(
      (a: { id: string }) => a.id,
    );
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(40);
    const w = await widgets(liNa);
    expect(w.get('revenue')!.card!.value).toBeCloseTo(
      sum(
        q3.filter((a) => visible.includes(a.id)),
        'revenue',
      ),
      2,
    );
    for (const row of w.get('satisfaction_vs_repeat')!.rows) expect(visible).toContain(row.key[0]);
    // Drilling into everything gives her accounts only; naming someone else's accounts changes nothing.
    const drill = (await liNa.get(`${OVERVIEW}/widgets/revenue/drill`).expect(200)).body;
    expect(drill.rows.map((r: { accountId: string }) => r.accountId).sort()).toEqual([...visible].sort());
    const other = q3.find((a) => !visible.includes(a.id) && a.managerId !== me)!;
    const filtered = await widgets(liNa, `?person=${other.managerId}`);
    for (const row of filtered.get('satisfaction_vs_repeat')!.rows) expect(visible).toContain(row.key[0]);
    // Person scores: hers only.
    const ranking = (await liNa.get('/api/dashboards/team_ranking/widgets/person_ranking').expect(200)).body;
    expect(ranking.rows.map((r: { key: string[] }) => r.key[0])).toEqual([me]);
  });

  it('drills from a chart element to its accounts and on to a score trace', async () => {
    const drill = (
      await t.api
        .get(`${OVERVIEW}/widgets/revenue_by_type/drill?key=${encodeURIComponent('["multinational"]')}`)
        .expect(200)
    ).body;
    const multinational = q3.filter((a) => a.accountType === 'multinational');
    expect(drill.rows).toHaveLength(multinational.length);
    const first = drill.rows[0];
    expect(first.values[0]).toBeCloseTo(Math.max(...multinational.map((a) => a.values.revenue ?? 0)), 2);
    expect(first.scorecard).toBe(`/api/accounts/${first.accountId}/scorecard?period=${Q3}`);
    const trace = (await t.api.get(first.scorecard).expect(200)).body;
    expect(trace.kpis.length).toBeGreaterThan(0);
    await t.api.get(`${OVERVIEW}/widgets/revenue_by_type/drill?key=notjson`).expect(422);
    await t.api.get(`${OVERVIEW}/widgets/nope/drill`).expect(404);
  });

  it('computes the other built-in dashboards, KPI scores included', async () => {
    for (const key of ['team_ranking', 'weak_link_finder', 'trends_alerts']) {
      const body = (await t.api.get(`/api/dashboards/${key}/data?lang=zh-CN`).expect(200)).body;
      for (const w of body.widgets as Widget[]) expect([w.id, w.ok]).toEqual([w.id, true]);
    }
    const weak = (await t.api.get('/api/dashboards/weak_link_finder/data?period=2026-Q1').expect(200)).body;
    const lost = (weak.widgets as Widget[]).find((w) => w.id === 'kpi_points_lost')!;
    expect(lost.rows.length).toBeGreaterThan(0);
    const heat = (weak.widgets as Widget[]).find((w) => w.id === 'kpi_heatmap')!;
    expect(new Set(heat.rows.map((r) => r.key[0]))).toEqual(new Set(['multinational', 'local_enterprise']));
  });

  it('serves results from the cache until the data changes', async () => {
    await widgets(t.api, `?period=${Q3}`);
    const warm = await widgets(t.api, `?period=${Q3}`);
    expect([...warm.values()].every((w) => w.cached)).toBe(true);
    const account = q3.find((a) => a.accountType === 'local_enterprise')!;
    await t.api
      .post('/api/metric-values')
      .send({
        rows: [
          {
            accountCode: account.code,
            metricKey: 'revenue',
            period: Q3,
            value: 1_000_000_000,
            state: 'actual',
            source: 'manual',
          },
        ],
      })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const after = await widgets(t.api, `?period=${Q3}`);
    expect(after.get('revenue')!.cached).toBe(false);
    const now = await quarterTruth(dataSource, Q3);
    expect(after.get('revenue')!.card!.value).toBeCloseTo(sum(now, 'revenue'), 2);
    expect(after.get('revenue')!.card!.value).not.toBeCloseTo(warm.get('revenue')!.card!.value!, 0);
    q3 = now;
  });

  it('shows a widget whose formula is broken with its error, alone: the other widgets render', async () => {
    const document = (await t.api.get('/api/documents/dashboard/key_account_overview').expect(200)).body;
    const published = (
      await t.api.get('/api/documents/dashboard/key_account_overview/versions/1').expect(200)
    ).body.content;
    const broken = {
      ...published,
      widgets: [
        ...published.widgets,
        {
          id: 'broken',
          type: 'number',
          title: { 'zh-CN': '坏公式', en: 'Broken formula' },
          dataset: 'metric_values',
          measures: [
            { key: 'm', label: { 'zh-CN': '度量', en: 'Measure' }, formula: 'SUM(revenue)/SUM(targte)' },
          ],
        },
      ],
    };
    await t.api
      .put('/api/documents/dashboard/key_account_overview/draft')
      .send({ content: broken, revision: document.revision })
      .expect(200);
    const publish = await t.api.post('/api/documents/dashboard/key_account_overview/publish').expect(422);
    expect(publish.body.errors[0]).toMatchObject({
      pointer: `/draft/widgets/${published.widgets.length}/measures/0/formula`,
    });
    expect(publish.body.errors[0].message).toContain('line 1, column 18');
    // The draft preview renders every widget; the broken one answers its error in its place.
    const preview = (await t.api.get(`${OVERVIEW}/data?draft=true&lang=zh-CN`).expect(200)).body
      .widgets as Widget[];
    const bad = preview.find((w) => w.id === 'broken')!;
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatchObject({
      code: 'dashboards.formula_invalid',
      position: { line: 1, column: 18 },
    });
    expect(bad.error!.message['zh-CN']).toContain('未知字段 targte');
    expect(preview.filter((w) => w.id !== 'broken').every((w) => w.ok)).toBe(true);
    // Only editors may preview drafts.
    const viewer = await signIn('viewer@keyscore.example');
    await viewer.get(`${OVERVIEW}/data?draft=true`).expect(403);
  });

  it('lets an admin add a widget with a new formula through the documents API; it renders once published', async () => {
    const document = (await t.api.get('/api/documents/dashboard/key_account_overview').expect(200)).body;
    const published = (
      await t.api.get('/api/documents/dashboard/key_account_overview/versions/1').expect(200)
    ).body.content;
    const withMargin = {
      ...published,
      widgets: [
        ...published.widgets,
        {
          id: 'margin',
          type: 'bar',
          title: { 'zh-CN': '各类客户利润率', en: 'Profit margin by account type' },
          dataset: 'metric_values',
          groupBy: ['account_type'],
          measures: [
            {
              key: 'margin',
              label: { 'zh-CN': '利润率', en: 'Margin' },
              formula: 'SUM(profit)/SUM(revenue)',
              format: 'percent',
            },
          ],
        },
      ],
    };
    await t.api
      .put('/api/documents/dashboard/key_account_overview/draft')
      .send({ content: withMargin, revision: document.revision })
      .expect(200);
    const published2 = await t.api.post('/api/documents/dashboard/key_account_overview/publish').expect(201);
    expect(published2.body.version).toBe(2);
    const w = await widgets(t.api, `?period=${Q3}`);
    const margin = w.get('margin')!;
    expect(margin.ok).toBe(true);
    expect(margin.cached).toBe(false);
    for (const type of ['multinational', 'local_enterprise']) {
      const accounts = q3.filter((a) => a.accountType === type);
      expect(margin.rows.find((r) => r.key[0] === type)!.values[0]).toBeCloseTo(
        sum(accounts, 'profit') / sum(accounts, 'revenue'),
        10,
      );
    }
  });

  it('exports a widget as CSV and as XLSX, labels in the chosen language', async () => {
    const csv = await t.api
      .get(`${OVERVIEW}/widgets/revenue_by_type/export.csv?period=${Q3}&lang=zh-CN`)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('.csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('客户类型,收入,收入目标');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['本地大型企业', '跨国企业']);
    const multinational = lines.find((l) => l.startsWith('跨国企业'))!.split(',');
    expect(Number(multinational[1])).toBeCloseTo(
      sum(
        q3.filter((a) => a.accountType === 'multinational'),
        'revenue',
      ),
      2,
    );
    const { token } = (
      await t.anonymous
        .post('/api/auth/login')
        .send({ email: 'admin@keyscore.example', password: 'keyscore-demo' })
        .expect(200)
    ).body;
    const xlsx = await request(t.app.getHttpServer())
      .get(`${OVERVIEW}/widgets/top_accounts/export.xlsx?period=${Q3}&lang=en`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const book = new Workbook();
    await book.xlsx.load(xlsx.body as unknown as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Account', 'Revenue', 'Attainment', 'Revenue growth']);
    expect(sheet.rowCount).toBe(11);
    expect(typeof sheet.getRow(2).getCell(2).value).toBe('number');
  });

  it('keeps data versions in step with every committed write, and folds them without changing them', async () => {
    const repository = t.app.get(DashboardsRepository);
    const before = await repository.dataVersions();
    // 250 separate transactions (statements outside a transaction commit one by one).
    for (let i = 0; i < 250; i++)
      await dataSource.query("UPDATE departments SET name_en = name_en WHERE code = 'SALES'");
    const after = await repository.dataVersions();
    expect(after.directory).toBeGreaterThan(before.directory);
    expect(after.metrics).toBe(before.metrics);
    if (dataSource.options.type === 'postgres') {
      // One row per transaction, folded into the base row once there are many: the version stays.
      await eventually(async () => {
        const [{ n }] = await dataSource.query(
          "SELECT COUNT(*) AS n FROM dashboard_data_changes WHERE scope = 'directory'",
        );
        return Number(n) === 1 || (await repository.dataVersions(), false);
      });
      expect((await repository.dataVersions()).directory).toBe(after.directory);
    }
  });

  it('reads stored numbers back to the last bit (large reads travel as JSON columns)', async () => {
    const pg = dataSource.options.type === 'postgres';
    const p = (n: number) => (pg ? `$${n}` : '?');
    // A quarter no other test reads; values that need all 17 digits.
    const values = [0.1 + 0.2, 123456789.12345679, 1 / 3];
    const accounts = q3.slice(0, values.length);
    for (const [i, a] of accounts.entries())
      await dataSource.query(
        `INSERT INTO metric_values (id, account_id, metric_key, period, period_kind, value, state, source, source_record_id, recorded_at, version)
         VALUES (${p(1)}, ${p(2)}, 'satisfaction_score', '2019-Q1', 'quarter', ${p(3)}, 'actual', 'manual', NULL, '2019-03-31T00:00:00.000Z', 1)`,
        [`bits-${i}`, a.id, values[i]],
      );
    const widget = {
      id: 'bits',
      type: 'table',
      title: { 'zh-CN': '位', en: 'Bits' },
      dataset: 'metric_values',
      groupBy: ['account_code'],
      measures: [{ key: 'v', label: { 'zh-CN': '值', en: 'Value' }, formula: 'SUM(satisfaction_score)' }],
      sort: { by: 'account_code', order: 'asc' },
    };
    const body = (
      await t.api
        .post('/api/dashboards/preview-widget')
        .send({ widget, filters: { period: '2019-Q1' } })
        .expect(200)
    ).body as Widget;
    const byCode = new Map(body.rows.map((r) => [r.key[0], r.values[0]]));
    for (const [i, a] of accounts.entries()) expect(byCode.get(a.code)).toBe(values[i]);
  });

  it('keeps sealed metric and KPI values blank for a viewer without the permission to read them', async () => {
    const pg = dataSource.options.type === 'postgres';
    const p = (n: number) => (pg ? `$${n}` : '?');
    const [a, b] = q3;
    const at = '2018-03-31T00:00:00.000Z';
    for (const [i, [account, state]] of (
      [
        [a!, 'sealed'],
        [b!, 'actual'],
      ] as const
    ).entries())
      await dataSource.query(
        `INSERT INTO metric_values (id, account_id, metric_key, period, period_kind, value, state, source, source_record_id, recorded_at, version)
         VALUES (${p(1)}, ${p(2)}, 'revenue', '2018-Q1', 'quarter', 777, ${p(3)}, 'manual', NULL, ${p(4)}, 1)`,
        [`sealed-${i}`, account.id, state, at],
      );
    await dataSource.query(
      `INSERT INTO review_cycles (id, name, period, workflow_key, workflow_version, granularity, scope, status, created_by, created_at, launched_at, closed_at, version)
       VALUES ('sealed-cycle', 'Sealed', '2018-Q1', 'quarterly_review', 1, 'account', '{}', 'closed', 'test', ${p(1)}, ${p(2)}, ${p(3)}, 1)`,
      [at, at, at],
    );
    const kpi = { kpi: 'profit', status: 'scored', valueState: 'sealed', value: 5, target: 10, score: 50 };
    await dataSource.query(
      `INSERT INTO cycle_scores (id, cycle_id, instance_id, account_id, period, score, rating, coverage, scorecard, computed_at, locked_at, version)
       VALUES ('sealed-score', 'sealed-cycle', 'sealed-instance', ${p(1)}, '2018-Q1', 50, 'C', 1, ${p(2)}, ${p(3)}, ${p(4)}, 1)`,
      [
        a!.id,
        JSON.stringify({ kpis: [{ ...kpi, definition: { family: 'performance', weight: 10 } }] }),
        at,
        at,
      ],
    );
    const label = { 'zh-CN': '密', en: 'Sealed' };
    const measure = (key: string, formula: string) => ({ key, label, formula });
    const probe = {
      key: 'sealed_probe',
      title: label,
      widgets: [
        {
          id: 'values',
          type: 'table',
          title: label,
          dataset: 'metric_values',
          groupBy: ['account_code'],
          measures: [measure('revenue', 'SUM(revenue)')],
        },
        {
          id: 'kpis',
          type: 'table',
          title: label,
          dataset: 'kpi_scores',
          groupBy: ['kpi'],
          measures: [
            measure('value', 'SUM(value)'),
            measure('target', 'SUM(target)'),
            measure('score', 'SUM(score)'),
          ],
        },
      ],
    };
    await t.api.post('/api/documents/dashboard').send({ key: probe.key, content: probe }).expect(201);
    await t.api.post(`/api/documents/dashboard/${probe.key}/publish`).expect(201);
    const read = async (api: Api) => {
      const body = (await api.get(`/api/dashboards/${probe.key}/data?period=2018-Q1`).expect(200)).body;
      const [values, kpis] = body.widgets as Widget[];
      return {
        revenue: Object.fromEntries(values!.rows.map((r) => [r.key[0], r.values[0]])),
        kpi: kpis!.rows.map((r) => [r.key[0], ...r.values]),
      };
    };
    expect(await read(t.api)).toEqual({
      revenue: { [a!.code]: 777, [b!.code]: 777 },
      kpi: [['profit', 5, 10, 50]],
    });
    const viewer = await read(await signIn('viewer@keyscore.example'));
    expect(viewer.revenue[b!.code]).toBe(777);
    expect(viewer.revenue[a!.code]).toBe(0);
    expect(viewer.kpi).toEqual([['profit', 0, 0, 50]]);
  });

  it("drops a deleted cycle score's KPI rows from the projection", async () => {
    const pg = dataSource.options.type === 'postgres';
    const p = (n: number) => (pg ? `$${n}` : '?');
    const scorecard = JSON.stringify({
      kpis: [
        { kpi: 'profit', status: 'scored', score: 70, definition: { family: 'performance', weight: 10 } },
      ],
    });
    await dataSource.query(
      `INSERT INTO cycle_scores (id, cycle_id, instance_id, account_id, period, score, rating, coverage, scorecard, computed_at, locked_at, version)
       VALUES ('gone-score', 'gone-cycle', 'gone-instance', ${p(1)}, '2019-Q1', 70, 'B', 1, ${p(2)}, '2019-03-31T00:00:00.000Z', NULL, 1)`,
      [q3[0]!.id, scorecard],
    );
    const rows = async () =>
      Number(
        (
          await dataSource.query(
            "SELECT COUNT(*) AS n FROM dashboard_kpi_scores WHERE cycle_score_id = 'gone-score'",
          )
        )[0].n,
      );
    await t.app.get(KpiProjection).sync();
    expect(await rows()).toBe(1);
    await dataSource.query("DELETE FROM cycle_scores WHERE id = 'gone-score'");
    expect(await rows()).toBe(0);
  });

  it('counts one score per account and quarter when several cycles scored it, in every score dataset', async () => {
    const pg = dataSource.options.type === 'postgres';
    const p = (n: number) => (pg ? `$${n}` : '?');
    const quarter = '2017-Q1';
    const [a, b, c] = q3;
    // A closed cycle launched first, a running one launched last, a running one in between.
    const cycles = [
      ['multi-closed', 'closed', '2017-01-05T00:00:00.000Z'],
      ['multi-late', 'running', '2017-02-01T00:00:00.000Z'],
      ['multi-mid', 'running', '2017-01-10T00:00:00.000Z'],
    ] as const;
    for (const [id, status, launched] of cycles)
      await dataSource.query(
        `INSERT INTO review_cycles (id, name, period, workflow_key, workflow_version, granularity, scope, status, created_by, created_at, launched_at, closed_at, version)
         VALUES (${p(1)}, ${p(2)}, '${quarter}', 'quarterly_review', 1, 'account', '{}', ${p(3)}, 'test', ${p(4)}, ${p(5)}, NULL, 1)`,
        [id, id, status, launched, launched],
      );
    // a: closed 60 and latest 90 (the closed one counts); b: latest 80 and middle 70; c: middle 50 alone.
    const scores = [
      [a!, 'multi-closed', 60],
      [a!, 'multi-late', 90],
      [b!, 'multi-late', 80],
      [b!, 'multi-mid', 70],
      [c!, 'multi-mid', 50],
    ] as const;
    for (const [i, [account, cycle, score]] of scores.entries()) {
      const card = JSON.stringify({
        kpis: ['profit', 'revenue'].map((kpi) => ({
          kpi,
          status: 'scored',
          score,
          effectiveWeight: 50,
          definition: { family: 'performance', weight: 50 },
        })),
      });
      await dataSource.query(
        `INSERT INTO cycle_scores (id, cycle_id, instance_id, account_id, period, score, rating, coverage, scorecard, computed_at, locked_at, version)
         VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, '${quarter}', ${p(5)}, 'B', 1, ${p(6)}, '2017-03-31T00:00:00.000Z', NULL, 1)`,
        [`multi-score-${i}`, cycle, `multi-instance-${i}`, account.id, score, card],
      );
    }
    const label = { 'zh-CN': '多', en: 'Multi' };
    const table = (id: string, dataset: string, formulas: string[]) => ({
      id,
      type: 'table',
      title: label,
      dataset,
      groupBy: ['account_code'],
      measures: formulas.map((formula, k) => ({ key: `m${k}`, label, formula })),
    });
    const probe = {
      key: 'multi_cycle_probe',
      title: label,
      widgets: [
        table('accounts', 'account_scores', ['SUM(score)', 'COUNT(score)']),
        table('kpis', 'kpi_scores', ['SUM(score)', 'COUNTA(kpi)', 'SUM(account_score)']),
        table('people', 'person_scores', ['SUM(weighted)/SUM(credited)', 'COUNT(score)']),
      ],
    };
    await t.api.post('/api/documents/dashboard').send({ key: probe.key, content: probe }).expect(201);
    await t.api.post(`/api/documents/dashboard/${probe.key}/publish`).expect(201);
    const body = (await t.api.get(`/api/dashboards/${probe.key}/data?period=${quarter}`).expect(200)).body;
    const byWidget = Object.fromEntries(
      (body.widgets as Widget[]).map((w) => [
        w.id,
        Object.fromEntries(w.rows.map((r) => [r.key[0], r.values])),
      ]),
    );
    expect(byWidget).toEqual({
      accounts: { [a!.code]: [60, 1], [b!.code]: [80, 1], [c!.code]: [50, 1] },
      kpis: { [a!.code]: [120, 2, 120], [b!.code]: [160, 2, 160], [c!.code]: [100, 2, 100] },
      people: { [a!.code]: [60, 1], [b!.code]: [80, 1], [c!.code]: [50, 1] },
    });
  });

  it('serves the pages: a sign-in form without a session, the dashboard with one, and the script files', async () => {
    const anonymous = await t.anonymous.get('/dashboards/key_account_overview').expect(401);
    expect(anonymous.headers['content-type']).toContain('text/html');
    expect(anonymous.text).toContain('id="ks-signin"');
    const login = await t.anonymous
      .post('/api/auth/login')
      .send({ email: 'admin@keyscore.example', password: 'keyscore-demo' })
      .expect(200);
    const cookie = (login.headers['set-cookie'] as unknown as string[])
      .map((c) => c.split(';')[0])
      .join('; ');
    const page = await t.anonymous
      .get('/dashboards/key_account_overview?lang=zh-CN')
      .set('Cookie', cookie)
      .expect(200);
    expect(page.text).toContain('<h1>大客户总览</h1>');
    expect(page.text).toContain('data-widget="revenue_by_type"');
    const list = await t.anonymous.get('/dashboards').set('Cookie', cookie).expect(200);
    expect(list.text).toContain('/dashboards/weak_link_finder');
    await t.anonymous.get('/dashboards/nope').set('Cookie', cookie).expect(404);
    const script = await t.anonymous.get('/dashboards/assets/dashboard.js').expect(200);
    expect(script.headers['content-type']).toContain('javascript');
    const charts = await t.anonymous.get('/dashboards/assets/echarts.min.js').expect(200);
    expect(charts.headers['content-type']).toContain('javascript');
    await t.anonymous.get('/dashboards/assets/other.js').expect(404);
    // The data API reads the same cookie (a GET needs no CSRF header).
    await t.anonymous.get(`${OVERVIEW}/data`).set('Cookie', cookie).expect(200);
  });
});
