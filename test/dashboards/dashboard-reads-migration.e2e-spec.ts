import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations, UnitOfWork } from '@keyscore/persistence';
import { DashboardsRepository } from '../../libs/dashboards/src/dashboards.repository';
import { kpiRowsOf } from '../../libs/dashboards/src/kpi-projection.service';
import { DashboardReads1765300000000 } from '../../libs/persistence/src/migrations/1765300000000-dashboard-reads';
import { freshDatabase, type TestDatabase } from '../support/test-database';

/**
 * Migration 1765300000000-dashboard-reads: dashboards match KPI projection rows to the score that counts by
 * (cycle, account), so no row may outlive its cycle score, however the score goes.
 */
describe(`dashboard reads migration on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const pg = () => dataSource.options.type === 'postgres';
  const p = (n: number) => (pg() ? `$${n}` : '?');

  const addScore = async (id: string) => {
    await dataSource.query(
      `INSERT INTO cycle_scores (id, cycle_id, instance_id, account_id, period, score, rating, coverage, scorecard, computed_at, locked_at, version)
       VALUES (${p(1)}, 'cycle', ${p(2)}, ${p(3)}, '2026-Q1', 70, 'B', 1, '{}', '2026-03-31T00:00:00.000Z', NULL, 1)`,
      [id, `instance-${id}`, `account-${id}`],
    );
    // As the projection writes it.
    await dataSource.query(
      `INSERT INTO dashboard_kpi_scores (cycle_score_id, kpi, account_id, cycle_id, period, family, status, value_state, score, value, target, weight, effective_weight, contribution)
       VALUES (${p(1)}, 'profit', ${p(2)}, 'cycle', '2026-Q1', 'performance', 'scored', NULL, 70, 1, 2, 10, 10, 7)`,
      [id, `account-${id}`],
    );
  };
  const kpiRows = async () =>
    (
      (await dataSource.query(
        'SELECT cycle_score_id AS id FROM dashboard_kpi_scores ORDER BY cycle_score_id',
      )) as { id: string }[]
    ).map((r) => r.id);
  const dirtyRows = async () =>
    (
      (await dataSource.query(
        'SELECT cycle_score_id AS id FROM dashboard_kpi_dirty ORDER BY cycle_score_id',
      )) as { id: string }[]
    ).map((r) => r.id);

  beforeAll(async () => {
    database = await freshDatabase();
    dataSource = new DataSource(dataSourceOptions(database.config));
    await dataSource.initialize();
    await runMigrations(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });
  afterEach(async () => {
    await dataSource.query('DELETE FROM cycle_scores');
    await dataSource.query('DELETE FROM dashboard_kpi_scores');
    await dataSource.query('DELETE FROM dashboard_kpi_dirty');
  });

  it("deletes a deleted cycle score's KPI rows and its queue entry, and no other score's", async () => {
    await addScore('s1');
    await addScore('s2');
    expect(await dirtyRows()).toEqual(['s1', 's2']);
    await dataSource.query("DELETE FROM cycle_scores WHERE id = 's1'");
    expect(await kpiRows()).toEqual(['s2']);
    expect(await dirtyRows()).toEqual(['s2']);
  });

  it('leaves no KPI rows when every cycle score goes at once (TRUNCATE on PostgreSQL)', async () => {
    await addScore('s1');
    await addScore('s2');
    await dataSource.query(pg() ? 'TRUNCATE cycle_scores' : 'DELETE FROM cycle_scores');
    expect(await kpiRows()).toEqual([]);
    expect(await dirtyRows()).toEqual([]);
  });

  it('the projection writes no rows for a score deleted while it worked', async () => {
    const repository = new DashboardsRepository(dataSource, new UnitOfWork(dataSource));
    await addScore('s1');
    await addScore('s2');
    // The projection has read the queue and the scorecards...
    const dirty = await repository.dirtyScores(10);
    const card = JSON.stringify({ kpis: [{ kpi: 'profit', status: 'scored', score: 70 }] });
    const rows = (await repository.scorecards(['s1', 's2'])).flatMap((s) =>
      kpiRowsOf({ ...s, scorecard: card }),
    );
    // ...when s1 is deleted, before it writes.
    await dataSource.query("DELETE FROM cycle_scores WHERE id = 's1'");
    await repository.replaceKpiScores(dirty, rows);
    expect(await kpiRows()).toEqual(['s2']);
    expect(await dirtyRows()).toEqual([]);
  });

  it('goes down and up again on a migrated database, leaving the schema the entities describe', async () => {
    const migration = new DashboardReads1765300000000();
    const runner = dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await addScore('s1');
      await dataSource.query("DELETE FROM cycle_scores WHERE id = 's1'");
      // Down: the rows outlive the score again.
      expect(await kpiRows()).toEqual(['s1']);
      await migration.up(runner);
      // Up removes rows of scores deleted before it.
      expect(await kpiRows()).toEqual([]);
    } finally {
      await runner.release();
    }
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    await addScore('s2');
    await dataSource.query(pg() ? 'TRUNCATE cycle_scores' : "DELETE FROM cycle_scores WHERE id = 's2'");
    expect(await kpiRows()).toEqual([]);
  });
});
