/**
 * Benchmark: metric rows upserted per second through the batch API (POST /api/metric-values), on SQLite
 * and on PostgreSQL, in the same process. Each run boots the api on a fresh database, loads 2,000 accounts,
 * then sends batches of 10,000 rows: new rows, changed rows (update + audit entry each), unchanged rows.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register test/bench/metrics/upsert.ts
 *
 * PostgreSQL: the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a fresh
 * database is created and dropped.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { nowIso, AccountEntity, DepartmentEntity, PersonEntity } from '@keyscore/persistence';
import { startTestApp, type TestApp } from '../../support/test-app';

const ACCOUNTS = 2000;
const BATCH = 10_000;
const BATCHES = 3;
const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];

async function seedAccounts(t: TestApp): Promise<string[]> {
  // Bulk insert directly: the benchmark measures metric values, not account creation.
  const dataSource = t.app.get(DataSource);
  const now = nowIso();
  const department: DepartmentEntity = {
    id: randomUUID(),
    code: 'B',
    nameZh: '基准',
    nameEn: 'Bench',
    createdAt: now,
  };
  const person: PersonEntity = {
    id: randomUUID(),
    employeeNo: 'B1',
    name: 'Bench',
    email: 'bench@example.com',
    function: 'sales',
    title: 'AM',
    departmentId: department.id,
    managerId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await dataSource.getRepository(DepartmentEntity).insert(department);
  await dataSource.getRepository(PersonEntity).insert(person);
  const codes = Array.from({ length: ACCOUNTS }, (_, i) => `B${String(i).padStart(5, '0')}`);
  for (let i = 0; i < codes.length; i += 200) {
    await dataSource.getRepository(AccountEntity).insert(
      codes.slice(i, i + 200).map((code) => ({
        id: randomUUID(),
        code,
        name: code,
        nameEn: code,
        accountType: 'local_enterprise' as const,
        industry: 'energy',
        region: 'east',
        managerId: person.id,
        since: '2020-01-01',
        createdAt: now,
        updatedAt: now,
        version: 1,
      })),
    );
  }
  return codes;
}

function batch(codes: string[], index: number, valueOffset: number) {
  const rows = [];
  for (let i = 0; i < BATCH; i++) {
    const n = index * BATCH + i;
    rows.push({
      accountCode: codes[n % codes.length]!,
      metricKey: ['revenue', 'profit', 'orders'][Math.floor(n / codes.length) % 3]!,
      period: PERIODS[Math.floor(n / (codes.length * 3)) % PERIODS.length]!,
      value: 1000 + (n % 97) + valueOffset,
      state: 'actual',
      source: 'connector',
    });
  }
  return { rows };
}

async function timeBatches(t: TestApp, codes: string[], valueOffset: number): Promise<number> {
  let rows = 0;
  const started = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const response = await t.api.post('/api/metric-values').send(batch(codes, b, valueOffset));
    if (response.status !== 201)
      throw new Error(`batch failed: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
    rows += response.body.written as number;
  }
  return rows / ((performance.now() - started) / 1000);
}

async function run(driver: string): Promise<string[]> {
  const t = await startTestApp();
  try {
    const codes = await seedAccounts(t);
    const inserted = await timeBatches(t, codes, 0);
    const updated = await timeBatches(t, codes, 1);
    const unchanged = await timeBatches(t, codes, 1);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    return [driver, fmt(inserted), fmt(updated), fmt(unchanged)];
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
    `\nPOST /api/metric-values — ${BATCHES} batches × ${BATCH.toLocaleString('en-US')} rows, ${ACCOUNTS} accounts, rows/s (HTTP + validation + upsert + audit, one process)\n`,
  );
  const header = ['database', 'new rows', 'changed rows', 'unchanged rows'];
  const widths = header.map((h, i) => Math.max(h.length, ...results.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|')}|`);
  for (const r of results) console.log(line(r));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
