import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './migration-columns';

/**
 * The tables whose changes invalidate dashboard results, by scope. A trigger on each adds to the scope's
 * data version in the same transaction as the change, so every writer (API, worker, imports, raw SQL)
 * counts and a cached result can never outlive the data it was computed from.
 */
const TRACKED: Record<string, string[]> = {
  directory: ['departments', 'people', 'accounts', 'account_members'],
  metrics: ['metric_values', 'account_targets'],
  scores: ['cycle_scores', 'contribution_splits'],
  cycles: ['review_cycles', 'workflow_instances', 'workflow_tasks'],
  documents: ['documents', 'document_versions'],
  surveys: ['survey_campaigns', 'survey_responses'],
};

const tracked = () =>
  Object.entries(TRACKED).flatMap(([scope, tables]) => tables.map((table) => ({ scope, table })));

/**
 * Dashboards: data versions kept by triggers, the KPI-score projection of stored scorecards (with the
 * queue of cycle scores to project, filled by a trigger too), and an index for reading metric values by
 * period.
 */
export class Dashboards1765100000000 implements MigrationInterface {
  name = 'Dashboards1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: 'dashboard_data_changes',
        columns: [
          varchar('scope', 32, { isPrimary: true }),
          varchar('tx', 40, { isPrimary: true }),
          { name: 'weight', type: 'integer', default: 0 },
        ],
      }),
    );
    const double = (name: string, isNullable = false) => ({ name, type: 'double precision', isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'dashboard_kpi_scores',
        columns: [
          varchar('cycle_score_id', 36, { isPrimary: true }),
          varchar('kpi', 64, { isPrimary: true }),
          varchar('account_id', 36),
          varchar('cycle_id', 36),
          varchar('period', 16),
          varchar('family', 32),
          varchar('status', 16),
          varchar('value_state', 16, { isNullable: true }),
          double('score', true),
          double('value', true),
          double('target', true),
          double('weight'),
          double('effective_weight'),
          double('contribution'),
        ],
        indices: [new TableIndex({ name: 'ix_dashboard_kpi_scores_period', columnNames: ['period'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'dashboard_kpi_dirty',
        columns: [varchar('cycle_score_id', 36, { isPrimary: true }), varchar('token', 40)],
      }),
    );
    await queryRunner.createIndex(
      'metric_values',
      new TableIndex({
        name: 'ix_metric_values_period',
        columnNames: ['period_kind', 'period', 'metric_key'],
      }),
    );
    // Scores stored before this migration are projected on first use.
    await queryRunner.query(
      `INSERT INTO dashboard_kpi_dirty (cycle_score_id, token) SELECT id, 'migrated' FROM cycle_scores`,
    );
    if (postgres) await this.postgresTriggers(queryRunner);
    else await this.sqliteTriggers(queryRunner);
  }

  /**
   * PostgreSQL: once per statement, a row keyed by (scope, transaction id): inserts never wait on one
   * another (a shared counter row would serialise every writer until commit and could deadlock against
   * their row locks), and the row becomes visible exactly when the transaction commits.
   */
  private async postgresTriggers(queryRunner: QueryRunner) {
    await queryRunner.query(`
      CREATE FUNCTION dashboards_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO dashboard_data_changes (scope, tx, weight) VALUES (TG_ARGV[0], txid_current()::text, 1)
        ON CONFLICT (scope, tx) DO NOTHING;
        RETURN NULL;
      END $$`);
    for (const { scope, table } of tracked()) {
      await queryRunner.query(
        `CREATE TRIGGER dashboards_touch_${table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION dashboards_touch('${scope}')`,
      );
    }
    await queryRunner.query(`
      CREATE FUNCTION dashboards_kpi_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO dashboard_kpi_dirty (cycle_score_id, token) VALUES (NEW.id, md5(random()::text || clock_timestamp()::text))
        ON CONFLICT (cycle_score_id) DO UPDATE SET token = excluded.token;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER dashboards_kpi_dirty AFTER INSERT OR UPDATE OF scorecard, computed_at ON cycle_scores
       FOR EACH ROW EXECUTE FUNCTION dashboards_kpi_dirty()`,
    );
  }

  /**
   * SQLite: one row per scope, bumped per row written (writers are serialised, so nothing can deadlock).
   * The dirty queue is written by DELETE + INSERT, not INSERT OR REPLACE: inside a trigger fired by an
   * upsert, SQLite applies the outer statement's conflict rule (ABORT), so OR REPLACE would fail the
   * write of a score computed twice (a returned review is scored again).
   */
  private async sqliteTriggers(queryRunner: QueryRunner) {
    for (const scope of Object.keys(TRACKED)) {
      await queryRunner.query(
        `INSERT INTO dashboard_data_changes (scope, tx, weight) VALUES (?, 'base', 0)`,
        [scope],
      );
    }
    for (const { scope, table } of tracked()) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        await queryRunner.query(
          `CREATE TRIGGER dashboards_touch_${table}_${event.toLowerCase()} AFTER ${event} ON ${table}
           BEGIN UPDATE dashboard_data_changes SET weight = weight + 1 WHERE scope = '${scope}' AND tx = 'base'; END`,
        );
      }
    }
    for (const [name, event] of [
      ['insert', 'INSERT'],
      ['update', 'UPDATE OF scorecard, computed_at'],
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER dashboards_kpi_dirty_${name} AFTER ${event} ON cycle_scores
         BEGIN
           DELETE FROM dashboard_kpi_dirty WHERE cycle_score_id = NEW.id;
           INSERT INTO dashboard_kpi_dirty (cycle_score_id, token) VALUES (NEW.id, lower(hex(randomblob(16))));
         END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    if (postgres) {
      await queryRunner.query('DROP TRIGGER IF EXISTS dashboards_kpi_dirty ON cycle_scores');
      for (const { table } of tracked())
        await queryRunner.query(`DROP TRIGGER IF EXISTS dashboards_touch_${table} ON ${table}`);
      await queryRunner.query('DROP FUNCTION IF EXISTS dashboards_kpi_dirty()');
      await queryRunner.query('DROP FUNCTION IF EXISTS dashboards_touch()');
    } else {
      for (const name of ['insert', 'update'])
        await queryRunner.query(`DROP TRIGGER IF EXISTS dashboards_kpi_dirty_${name}`);
      for (const { table } of tracked())
        for (const event of ['insert', 'update', 'delete'])
          await queryRunner.query(`DROP TRIGGER IF EXISTS dashboards_touch_${table}_${event}`);
    }
    await queryRunner.dropIndex('metric_values', 'ix_metric_values_period');
    for (const table of ['dashboard_kpi_dirty', 'dashboard_kpi_scores', 'dashboard_data_changes'])
      await queryRunner.dropTable(table);
  }
}
