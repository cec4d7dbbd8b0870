import { DataSource } from 'typeorm';
import { JobName } from '@keyscore/queue';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/** The order in which sources count when several give a value (as in scoring). */
const PRECEDENCE = ['manual', 'import', 'connector', 'survey', 'rollup'];

/** The demo workspace with this year's quarters rolled up from the monthly values by the worker. */
export async function demoApp(): Promise<TestApp> {
  const t = await startTestApp({ worker: true, jobs: [JobName.MetricsRollup], env: { DEMO_DATA: 'true' } });
  const dataSource = t.app.get(DataSource);
  await eventually(async () => {
    const [{ count }] = await dataSource.query(
      `SELECT COUNT(*) AS count FROM metric_values WHERE source = 'rollup' AND period IN ('2026-Q2', '2026-Q3')`,
    );
    return Number(count) >= 40 * 3 * 2;
  }, 60_000);
  return t;
}

export interface AccountTruth {
  id: string;
  code: string;
  accountType: string;
  managerId: string;
  values: Record<string, number | null>;
}

/**
 * What the metric values say for a quarter, straight from the table: per account, each metric by source
 * precedence, and the revenue target. The dashboards must agree with this.
 */
export async function quarterTruth(dataSource: DataSource, period: string): Promise<AccountTruth[]> {
  const q = (sql: string, params: unknown[]) => dataSource.query(sql, params);
  const pg = dataSource.options.type === 'postgres';
  const p = (n: number) => (pg ? `$${n}` : '?');
  const accounts: { id: string; code: string; account_type: string; manager_id: string }[] = await q(
    'SELECT id, code, account_type, manager_id FROM accounts ORDER BY code',
    [],
  );
  const values: { account_id: string; metric_key: string; value: number | null; source: string }[] = await q(
    `SELECT account_id, metric_key, value, source FROM metric_values WHERE period = ${p(1)}`,
    [period],
  );
  const targets: { account_id: string; target: number }[] = await q(
    `SELECT account_id, target FROM account_targets WHERE period = ${p(1)} AND kpi_key = 'key_account_revenue'`,
    [period],
  );
  return accounts.map((a) => {
    const best = new Map<string, { value: number | null; rank: number }>();
    for (const v of values.filter((x) => x.account_id === a.id)) {
      const rank = PRECEDENCE.indexOf(v.source);
      const current = best.get(v.metric_key);
      if (!current || rank < current.rank)
        best.set(v.metric_key, { value: v.value === null ? null : Number(v.value), rank });
    }
    const target = targets.find((t) => t.account_id === a.id);
    return {
      id: a.id,
      code: a.code,
      accountType: a.account_type,
      managerId: a.manager_id,
      values: {
        ...Object.fromEntries([...best].map(([k, v]) => [k, v.value])),
        target: target ? Number(target.target) : null,
      },
    };
  });
}

export const sum = (accounts: AccountTruth[], metric: string) =>
  accounts.reduce((s, a) => s + (a.values[metric] ?? 0), 0);

export const mean = (accounts: AccountTruth[], metric: string) => {
  const known = accounts.map((a) => a.values[metric]).filter((v): v is number => typeof v === 'number');
  return known.reduce((s, v) => s + v, 0) / known.length;
};
