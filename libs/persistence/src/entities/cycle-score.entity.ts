import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn, VersionColumn } from './columns';

/** An account's score in a review cycle with its whole scorecard (trace included); locked when the cycle closes. */
@Entity('cycle_scores')
@Index('uq_cycle_scores_account', ['cycleId', 'accountId'], { unique: true })
// Dashboards read a period's scores from this index alone, never touching the scorecards.
@Index('ix_cycle_scores_read', ['period', 'cycleId', 'accountId', 'id', 'score', 'rating', 'coverage'])
export class CycleScoreEntity {
  @IdColumn() id!: string;
  @Column({ name: 'cycle_id', type: 'varchar', length: 36 }) cycleId!: string;
  @Column({ name: 'instance_id', type: 'varchar', length: 36 }) instanceId!: string;
  @Column({ name: 'account_id', type: 'varchar', length: 36 }) accountId!: string;
  @Column({ type: 'varchar', length: 16 }) period!: string;
  @Column({ type: 'double precision', nullable: true }) score!: number | null;
  @Column({ type: 'varchar', length: 8, nullable: true }) rating!: string | null;
  @Column({ type: 'double precision', nullable: true }) coverage!: number | null;
  /**
   * JSON: the scorecard with its trace, as the scoring engine returned it but without each KPI's
   * `definition` when `definitions` names the set they are kept in (read it with `storedScorecard`).
   */
  @Column({ type: 'text' }) scorecard!: string;
  /** The hash of the row of `scorecard_definitions` holding this scorecard's KPI definitions. */
  @Column({ type: 'varchar', length: 64, nullable: true }) definitions!: string | null;
  @TimestampColumn({ name: 'computed_at' }) computedAt!: string;
  @TimestampColumn({ name: 'locked_at', nullable: true }) lockedAt!: string | null;
  @VersionColumn() version!: number;
}
