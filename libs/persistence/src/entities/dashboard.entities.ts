import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Data versions for dashboard caches: database triggers add to `weight` whenever a table of the `scope`
 * changes (SQLite: one row per scope, bumped per row written; PostgreSQL: one row per writing transaction,
 * folded into the `base` row from time to time). A scope's version is SUM(weight): it changes exactly
 * when a transaction that changed its tables commits, whichever process or code path wrote.
 */
@Entity('dashboard_data_changes')
export class DashboardDataChangeEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 }) scope!: string;
  @PrimaryColumn({ type: 'varchar', length: 40 }) tx!: string;
  @Column({ type: 'integer', default: 0 }) weight!: number;
}

/**
 * The KPI scores of stored cycle scores, one row per KPI: a projection of `cycle_scores.scorecard` (JSON
 * with the whole trace) that dashboards read instead of parsing every scorecard. Rebuilt per cycle score
 * from `dashboard_kpi_dirty`; a trigger deletes the rows of a deleted cycle score.
 */
@Entity('dashboard_kpi_scores')
// The columns the built-in widgets read, so a period's rows come from the index alone.
@Index('ix_dashboard_kpi_scores_read', [
  'period',
  'cycleId',
  'accountId',
  'kpi',
  'family',
  'status',
  'score',
  'effectiveWeight',
])
export class DashboardKpiScoreEntity {
  @PrimaryColumn({ name: 'cycle_score_id', type: 'varchar', length: 36 }) cycleScoreId!: string;
  @PrimaryColumn({ type: 'varchar', length: 64 }) kpi!: string;
  @Column({ name: 'account_id', type: 'varchar', length: 36 }) accountId!: string;
  @Column({ name: 'cycle_id', type: 'varchar', length: 36 }) cycleId!: string;
  @Column({ type: 'varchar', length: 16 }) period!: string;
  @Column({ type: 'varchar', length: 32 }) family!: string;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ name: 'value_state', type: 'varchar', length: 16, nullable: true }) valueState!: string | null;
  @Column({ type: 'double precision', nullable: true }) score!: number | null;
  @Column({ type: 'double precision', nullable: true }) value!: number | null;
  @Column({ type: 'double precision', nullable: true }) target!: number | null;
  @Column({ type: 'double precision' }) weight!: number;
  @Column({ name: 'effective_weight', type: 'double precision' }) effectiveWeight!: number;
  @Column({ type: 'double precision' }) contribution!: number;
}

/** Cycle scores whose KPI projection is out of date; a trigger on cycle_scores writes them with a fresh token. */
@Entity('dashboard_kpi_dirty')
export class DashboardKpiDirtyEntity {
  @PrimaryColumn({ name: 'cycle_score_id', type: 'varchar', length: 36 }) cycleScoreId!: string;
  @Column({ type: 'varchar', length: 40 }) token!: string;
}
