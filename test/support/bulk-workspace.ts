import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { bulkInsert, nowIso, type AccountType } from '@keyscore/persistence';
import { demoAccounts, demoQuarterValues } from '@keyscore/workspace';

export interface BulkAccount {
  id: string;
  code: string;
  accountType: AccountType;
}

export interface BulkWorkspace {
  departmentId: string;
  headId: string;
  managerIds: string[];
  accounts: BulkAccount[];
}

/**
 * A large directory written straight into the database (benchmarks and load tests measure cycles, not
 * account creation): one department with a head and `managers` account managers reporting to them, and
 * `count` accounts, each a copy of one of the 40 demo accounts with that account's quarterly values for
 * `periods` — so scores are real, varied and the same for every run.
 */
export async function seedBulkWorkspace(
  dataSource: DataSource,
  count: number,
  options: { managers?: number; periods?: string[] } = {},
): Promise<BulkWorkspace> {
  const now = nowIso();
  const departmentId = randomUUID();
  const headId = randomUUID();
  const managerIds = Array.from({ length: options.managers ?? 10 }, () => randomUUID());
  const manager = dataSource.manager;
  await manager.query(
    dataSource.options.type === 'postgres'
      ? 'INSERT INTO departments (id, code, name_zh, name_en, created_at) VALUES ($1, $2, $3, $4, $5)'
      : 'INSERT INTO departments (id, code, name_zh, name_en, created_at) VALUES (?, ?, ?, ?, ?)',
    [departmentId, `BULK${count}`, '大客户部', 'Key accounts', now],
  );
  const person = (id: string, n: number, managerId: string | null) => [
    id,
    `BULK-E${n}`,
    `Bulk ${n}`,
    `bulk${n}@example.com`,
    'sales',
    'AM',
    departmentId,
    managerId,
    now,
    now,
    1,
  ];
  await bulkInsert(
    manager,
    'people',
    [
      'id',
      'employee_no',
      'name',
      'email',
      'function',
      'title',
      'department_id',
      'manager_id',
      'created_at',
      'updated_at',
      'version',
    ],
    [person(headId, 0, null), ...managerIds.map((id, i) => person(id, i + 1, headId))],
  );
  const templates = demoAccounts();
  const accounts: (BulkAccount & { template: string; managerId: string })[] = Array.from(
    { length: count },
    (_, i) => {
      const template = templates[i % templates.length]!;
      return {
        id: randomUUID(),
        code: `BULK${String(i).padStart(6, '0')}`,
        accountType: template.accountType,
        template: template.code,
        managerId: managerIds[i % managerIds.length]!,
      };
    },
  );
  await bulkInsert(
    manager,
    'accounts',
    [
      'id',
      'code',
      'name',
      'name_en',
      'account_type',
      'industry',
      'region',
      'manager_id',
      'since',
      'created_at',
      'updated_at',
      'version',
    ],
    accounts.map((a) => [
      a.id,
      a.code,
      a.code,
      a.code,
      a.accountType,
      'energy',
      'east',
      a.managerId,
      '2018-01-01',
      now,
      now,
      1,
    ]),
  );
  const periods = new Set(options.periods ?? ['2025-Q4', '2026-Q1']);
  const byTemplate = new Map<string, ReturnType<typeof demoQuarterValues>>();
  for (const value of demoQuarterValues(templates)) {
    if (!periods.has(value.period)) continue;
    byTemplate.set(value.accountCode, [...(byTemplate.get(value.accountCode) ?? []), value]);
  }
  const rows: unknown[][] = [];
  for (const account of accounts) {
    for (const v of byTemplate.get(account.template) ?? []) {
      rows.push([
        randomUUID(),
        account.id,
        v.metricKey,
        v.period,
        'quarter',
        v.value,
        v.state,
        v.source,
        null,
        now,
        1,
      ]);
    }
  }
  await bulkInsert(
    manager,
    'metric_values',
    [
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
    ],
    rows,
  );
  // Written in one go, as no real workspace is: give the planner the statistics autovacuum would have
  // gathered by the time a cycle runs (without them PostgreSQL scans the whole table per batch read).
  await manager.query('ANALYZE');
  return {
    departmentId,
    headId,
    managerIds,
    accounts: accounts.map(({ id, code, accountType }) => ({ id, code, accountType })),
  };
}
