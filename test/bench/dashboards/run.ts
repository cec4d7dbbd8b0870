/**
 * Dashboard benchmark: a dashboard of 8 widgets over 10,000 accounts × 8 quarters, on SQLite and on
 * PostgreSQL. Each run boots the api on a fresh database and seeds straight into it (not timed): the
 * accounts and their quarterly metric values (copies of the 40 demo accounts, ~1.2 M rows), revenue
 * targets, 8 closed review cycles with a score per account (80,000) and their KPI scores (8 per account
 * and quarter, 640,000 rows in the KPI projection). Then, through HTTP (GET /api/dashboards/:key/data):
 *
 *   cold           every cache emptied: frames loaded from the database, all widgets computed
 *   warm           the same request again: every widget from the result cache
 *   filter change  another account type: results not cached, recomputed from frames already loaded
 *   period change  another quarter: results and frames not cached (a real database round trip)
 *
 *   npm run bench:dashboards        (BENCH_ACCOUNTS=10000, BENCH_RUNS=5)
 *
 * PostgreSQL: the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a fresh
 * database is created, vacuumed after seeding (as autovacuum would) and dropped. Prints medians as a
 * Markdown table.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { DashboardsService, type DashboardDocument, type DashboardMeasure } from '@keyscore/dashboards';
import { KPI_SCORE_COLUMNS } from '../../../libs/dashboards/src/dashboards.repository';
import { DocumentsService } from '@keyscore/documents';
import { bulkInsert, nowIso } from '@keyscore/persistence';
import { BUILTIN_KPIS } from '@keyscore/scoring';
import { seedBulkWorkspace } from '../../support/bulk-workspace';
import { startTestApp, type TestApp } from '../../support/test-app';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const QUARTERS = ['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'];
const KPIS = BUILTIN_KPIS.slice(0, 8);
const L = (en: string) => ({ 'zh-CN': en, en });
const m = (
  key: string,
  formula: string,
  format: DashboardMeasure['format'] = 'number',
): DashboardMeasure => ({
  key,
  label: L(key),
  formula,
  format,
});

const BENCH: DashboardDocument = {
  key: 'bench',
  title: L('Benchmark'),
  filters: ['period', 'accountType', 'region', 'department', 'person'],
  widgets: [
    {
      id: 'revenue',
      type: 'number',
      title: L('Revenue'),
      dataset: 'metric_values',
      measures: [m('revenue', 'SUM(revenue)', 'currency')],
      target: { formula: 'SUM(target)' },
      trend: 4,
    },
    {
      id: 'attainment',
      type: 'number',
      title: L('Attainment'),
      dataset: 'metric_values',
      measures: [m('attainment', 'SUM(revenue)/SUM(target)', 'percent')],
      target: { value: 1 },
    },
    {
      id: 'by_type',
      type: 'bar',
      title: L('By type'),
      dataset: 'metric_values',
      groupBy: ['account_type'],
      measures: [m('revenue', 'SUM(revenue)'), m('share', 'SUM(revenue)/SUM(category_spend)')],
    },
    {
      id: 'trend',
      type: 'line',
      title: L('Revenue by quarter'),
      dataset: 'metric_values',
      groupBy: ['period', 'account_type'],
      periods: 8,
      measures: [m('revenue', 'SUM(revenue)')],
      alert: { measure: 'revenue', worse: 'down', periods: 2 },
    },
    {
      id: 'top_accounts',
      type: 'table',
      title: L('Top accounts'),
      dataset: 'metric_values',
      groupBy: ['account_id'],
      measures: [m('revenue', 'SUM(revenue)'), m('attainment', 'SUM(revenue)/SUM(target)')],
      sort: { by: 'revenue', order: 'desc' },
      limit: 20,
    },
    {
      id: 'ratings',
      type: 'pie',
      title: L('Ratings'),
      dataset: 'account_scores',
      groupBy: ['rating'],
      measures: [m('accounts', 'COUNTA(account_id)')],
    },
    {
      id: 'heatmap',
      type: 'heatmap',
      title: L('Type × KPI'),
      dataset: 'kpi_scores',
      groupBy: ['account_type', 'kpi'],
      measures: [m('score', 'AVERAGE(score)')],
    },
    {
      id: 'people',
      type: 'table',
      title: L('People'),
      dataset: 'person_scores',
      groupBy: ['person_id'],
      measures: [m('score', 'SUM(weighted)/SUM(credited)')],
      sort: { by: 'score', order: 'desc' },
    },
  ],
};

/** Scores, ratings and KPI rows derived from the seeded values; deterministic. */
export async function seed(t: TestApp): Promise<void> {
  const dataSource = t.app.get(DataSource);
  const manager = dataSource.manager;
  const bulk = await seedBulkWorkspace(dataSource, ACCOUNTS, { managers: 50, periods: QUARTERS });
  const now = nowIso();
  // The demo's quarterly values leave out revenue, profit and orders where the worker rolls months up,
  // and stop at 2025-Q2: fill both in from the account's 2025 quarters.
  const base: { account_id: string; metric_key: string; period: string; value: number | null }[] =
    await dataSource.query(
      "SELECT account_id, metric_key, period, value FROM metric_values WHERE period IN ('2025-Q2', '2025-Q3')",
    );
  const byKey = new Map(base.map((b) => [`${b.account_id}/${b.metric_key}/${b.period}`, b.value]));
  const extra: unknown[][] = [];
  const targets: unknown[][] = [];
  const add = (account: string, metric: string, period: string, value: number | null) =>
    extra.push([randomUUID(), account, metric, period, 'quarter', value, 'actual', 'import', null, now, 1]);
  for (const a of bulk.accounts) {
    for (const [period, from, factor] of [
      ['2024-Q4', '2025-Q2', 0.94],
      ['2025-Q1', '2025-Q3', 0.96],
      ['2026-Q2', '2025-Q2', 1.08],
      ['2026-Q3', '2025-Q3', 1.1],
    ] as const) {
      for (const metric of ['revenue', 'profit', 'orders'])
        add(a.id, metric, period, Math.round((Number(byKey.get(`${a.id}/${metric}/${from}`)) || 0) * factor));
      if (period < '2025-Q2')
        for (const metric of [
          'repeat_orders',
          'satisfaction_score',
          'category_spend',
          'active_lines',
          'churned_lines',
        ])
          add(a.id, metric, period, byKey.get(`${a.id}/${metric}/${from}`) ?? null);
    }
    const revenue = Number(byKey.get(`${a.id}/revenue/2025-Q2`)) || 1_000_000;
    for (const period of QUARTERS)
      targets.push([a.id, 'key_account_revenue', period, Math.round(revenue * 1.05), now]);
  }
  const columns = [
    'id',
    'account_id',
    'metric_key',
    'period',
    'period_kind',
    'value',
    'state',
    'source',
    'source_record_id',
    'recorded_at',
    'version',
  ];
  await bulkInsert(manager, 'metric_values', columns, extra);
  await bulkInsert(
    manager,
    'account_targets',
    ['account_id', 'kpi_key', 'period', 'target', 'updated_at'],
    targets,
  );
  // Eight closed cycles with a score per account, and the KPI projection of their scorecards.
  const scores: unknown[][] = [];
  const kpis: unknown[][] = [];
  const cycles = QUARTERS.map((period) => ({ id: randomUUID(), period }));
  await bulkInsert(
    manager,
    'review_cycles',
    [
      'id',
      'name',
      'period',
      'workflow_key',
      'workflow_version',
      'granularity',
      'scope',
      'status',
      'created_by',
      'created_at',
      'launched_at',
      'closed_at',
      'version',
    ],
    cycles.map((c) => [
      c.id,
      `Bench ${c.period}`,
      c.period,
      'quarterly_review',
      1,
      'account',
      '{}',
      'closed',
      'bench',
      now,
      now,
      now,
      1,
    ]),
  );
  bulk.accounts.forEach((a, i) => {
    for (const [q, c] of cycles.entries()) {
      const score = 55 + ((i * 7 + q * 13) % 50);
      const rating = score >= 95 ? 'S' : score >= 85 ? 'A' : score >= 70 ? 'B' : score >= 60 ? 'C' : 'D';
      const id = randomUUID();
      scores.push([id, c.id, randomUUID(), a.id, c.period, score, rating, 1, '{}', now, now, 1]);
      KPIS.forEach((k, n) => {
        const s = 40 + ((i * 3 + n * 11 + q * 5) % 80);
        kpis.push([
          id,
          k.key,
          a.id,
          c.id,
          c.period,
          k.family,
          'scored',
          'actual',
          s,
          s,
          100,
          12.5,
          12.5,
          s / 8,
        ]);
      });
    }
  });
  await bulkInsert(
    manager,
    'cycle_scores',
    [
      'id',
      'cycle_id',
      'instance_id',
      'account_id',
      'period',
      'score',
      'rating',
      'coverage',
      'scorecard',
      'computed_at',
      'locked_at',
      'version',
    ],
    scores,
  );
  await bulkInsert(manager, 'dashboard_kpi_scores', KPI_SCORE_COLUMNS, kpis);
  // The seeded scorecards are placeholders: the projection above stands for them.
  await dataSource.query('DELETE FROM dashboard_kpi_dirty');
  // What autovacuum does after a bulk load (the test server runs without it): planner statistics, and the
  // visibility map that lets PostgreSQL answer from the read indexes alone instead of visiting the table.
  if (dataSource.options.type === 'postgres') await dataSource.query('VACUUM (ANALYZE)');
  const documents = t.app.get(DocumentsService);
  await documents.create('dashboard', BENCH.key, BENCH as unknown as Record<string, unknown>);
  await documents.publish('dashboard', BENCH.key, null);
  const counts = await dataSource.query(
    `SELECT (SELECT COUNT(*) FROM metric_values) AS values_, (SELECT COUNT(*) FROM dashboard_kpi_scores) AS kpis`,
  );
  console.log(
    `seeded ${ACCOUNTS} accounts: ${counts[0].values_} metric values, ${scores.length} scores, ${counts[0].kpis} KPI scores`,
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(driver: string): Promise<string[]> {
  const t = await startTestApp();
  try {
    const started = performance.now();
    await seed(t);
    console.log(`${driver}: seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const service = t.app.get(DashboardsService);
    const get = async (query: string) => {
      const t0 = performance.now();
      const response = await t.api.get(`/api/dashboards/bench/data?${query}`);
      const ms = performance.now() - t0;
      if (response.status !== 200)
        throw new Error(`${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
      const widgets = response.body.widgets as {
        id: string;
        ok: boolean;
        cached: boolean;
        error?: unknown;
      }[];
      const failed = widgets.filter((w) => !w.ok);
      if (failed.length) throw new Error(`widgets failed: ${JSON.stringify(failed).slice(0, 500)}`);
      return { ms, cached: widgets.filter((w) => w.cached).length };
    };
    const cold: number[] = [];
    const warm: number[] = [];
    const filter: number[] = [];
    const period: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      service.clearCaches();
      const c = await get('period=2026-Q3');
      if (c.cached !== 0) throw new Error('cold run served from cache');
      cold.push(c.ms);
      for (let w = 0; w < 3; w++) {
        const h = await get('period=2026-Q3');
        if (h.cached !== BENCH.widgets.length) throw new Error('warm run not cached');
        warm.push(h.ms);
      }
      const f = await get(
        `period=2026-Q3&accountType=${r % 2 ? 'multinational' : 'local_enterprise'}&region=${r}`,
      );
      if (f.cached !== 0) throw new Error('filter change served from cache');
      filter.push(f.ms);
      const p = await get(`period=${QUARTERS[6 - (r % 3)]}&region=r${r}`);
      period.push(p.ms);
    }
    const fmt = (xs: number[]) => `${median(xs).toFixed(1)} ms`;
    return [driver, fmt(cold), fmt(warm), fmt(filter), fmt(period)];
  } finally {
    await t.close();
  }
}

async function main() {
  const results: string[][] = [];
  const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  delete process.env.DATABASE_URL;
  results.push(await run('SQLite (WAL)'));
  process.env.DATABASE_URL = pgUrl;
  results.push(await run('PostgreSQL'));
  console.log(
    `\nGET /api/dashboards/bench/data — 8 widgets over ${ACCOUNTS.toLocaleString('en-US')} accounts × ${QUARTERS.length} quarters, median of ${RUNS} runs (HTTP, one process)\n`,
  );
  const header = ['database', 'cold (no cache)', 'warm (cached)', 'filter change', 'period change'];
  const widths = header.map((h, i) => Math.max(h.length, ...results.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|')}|`);
  for (const r of results) console.log(line(r));
  console.log('\nGoals: cold < 1 s, warm < 20 ms, filter change < 300 ms.');
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
