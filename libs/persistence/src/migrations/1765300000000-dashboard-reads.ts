import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes that let a dashboard read its rows from the index alone, in index order, instead of visiting
 * one table page per row (the rows of one period are spread over the whole table; those visits were a
 * large part of a cold dashboard's time): each holds the filter columns first, then every column the
 * dashboards read. PostgreSQL answers them with index-only scans once vacuum has marked the pages visible.
 *
 * And the KPI-score projection forgets a deleted cycle score (deleted row by row or, on PostgreSQL, by
 * TRUNCATE), so its rows always belong to a stored score: dashboards match them to the score that counts
 * by (cycle, account), which identifies one cycle score.
 */
export class DashboardReads1765300000000 implements MigrationInterface {
  name = 'DashboardReads1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('metric_values', 'ix_metric_values_period');
    await queryRunner.createIndex(
      'metric_values',
      new TableIndex({
        name: 'ix_metric_values_read',
        columnNames: ['period_kind', 'period', 'metric_key', 'account_id', 'source', 'state', 'value'],
      }),
    );
    await queryRunner.createIndex(
      'account_targets',
      new TableIndex({
        name: 'ix_account_targets_read',
        columnNames: ['kpi_key', 'period', 'account_id', 'target'],
      }),
    );
    await queryRunner.createIndex(
      'cycle_scores',
      new TableIndex({
        name: 'ix_cycle_scores_read',
        columnNames: ['period', 'cycle_id', 'account_id', 'id', 'score', 'rating', 'coverage'],
      }),
    );
    await queryRunner.dropIndex('dashboard_kpi_scores', 'ix_dashboard_kpi_scores_period');
    // The columns the built-in widgets read; a widget reading others still finds its period here.
    await queryRunner.createIndex(
      'dashboard_kpi_scores',
      new TableIndex({
        name: 'ix_dashboard_kpi_scores_read',
        columnNames: [
          'period',
          'cycle_id',
          'account_id',
          'kpi',
          'family',
          'status',
          'score',
          'effective_weight',
        ],
      }),
    );
    // Rows of scores deleted before the trigger existed (an anti-join: NOT IN would rescan per row).
    await queryRunner.query(
      `DELETE FROM dashboard_kpi_scores
       WHERE NOT EXISTS (SELECT 1 FROM cycle_scores cs WHERE cs.id = dashboard_kpi_scores.cycle_score_id)`,
    );
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`
        CREATE FUNCTION dashboards_kpi_forget() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          DELETE FROM dashboard_kpi_scores WHERE cycle_score_id = OLD.id;
          DELETE FROM dashboard_kpi_dirty WHERE cycle_score_id = OLD.id;
          RETURN NULL;
        END $$`);
      await queryRunner.query(
        `CREATE TRIGGER dashboards_kpi_forget AFTER DELETE ON cycle_scores
         FOR EACH ROW EXECUTE FUNCTION dashboards_kpi_forget()`,
      );
      // TRUNCATE fires no row trigger (the data versions count it as a write, so it must forget too).
      await queryRunner.query(`
        CREATE FUNCTION dashboards_kpi_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          DELETE FROM dashboard_kpi_scores;
          DELETE FROM dashboard_kpi_dirty;
          RETURN NULL;
        END $$`);
      await queryRunner.query(
        `CREATE TRIGGER dashboards_kpi_forget_all AFTER TRUNCATE ON cycle_scores
         FOR EACH STATEMENT EXECUTE FUNCTION dashboards_kpi_forget_all()`,
      );
    } else {
      await queryRunner.query(
        `CREATE TRIGGER dashboards_kpi_forget AFTER DELETE ON cycle_scores
         BEGIN
           DELETE FROM dashboard_kpi_scores WHERE cycle_score_id = OLD.id;
           DELETE FROM dashboard_kpi_dirty WHERE cycle_score_id = OLD.id;
         END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER IF EXISTS dashboards_kpi_forget_all ON cycle_scores');
      await queryRunner.query('DROP FUNCTION IF EXISTS dashboards_kpi_forget_all()');
      await queryRunner.query('DROP TRIGGER IF EXISTS dashboards_kpi_forget ON cycle_scores');
      await queryRunner.query('DROP FUNCTION IF EXISTS dashboards_kpi_forget()');
    } else await queryRunner.query('DROP TRIGGER IF EXISTS dashboards_kpi_forget');
    await queryRunner.dropIndex('dashboard_kpi_scores', 'ix_dashboard_kpi_scores_read');
    await queryRunner.createIndex(
      'dashboard_kpi_scores',
      new TableIndex({ name: 'ix_dashboard_kpi_scores_period', columnNames: ['period'] }),
    );
    await queryRunner.dropIndex('cycle_scores', 'ix_cycle_scores_read');
    await queryRunner.dropIndex('account_targets', 'ix_account_targets_read');
    await queryRunner.dropIndex('metric_values', 'ix_metric_values_read');
    await queryRunner.createIndex(
      'metric_values',
      new TableIndex({
        name: 'ix_metric_values_period',
        columnNames: ['period_kind', 'period', 'metric_key'],
      }),
    );
  }
}
