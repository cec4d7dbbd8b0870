import { Column, Entity } from 'typeorm';
import { IdColumn, TimestampColumn, VersionColumn } from './columns';

export type CycleStatus = 'draft' | 'running' | 'closed';
export type CycleGranularity = 'account' | 'account_manager';

/**
 * A review cycle: one period, a set of accounts, the workflow version every instance pins, the scorecard
 * template versions it scores with, and whether an instance runs per account or per account manager.
 * Scores are locked when it closes.
 */
@Entity('review_cycles')
export class ReviewCycleEntity {
  @IdColumn() id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) period!: string;
  @Column({ name: 'workflow_key', type: 'varchar', length: 64 }) workflowKey!: string;
  @Column({ name: 'workflow_version', type: 'integer' }) workflowVersion!: number;
  @Column({ type: 'varchar', length: 16 }) granularity!: CycleGranularity;
  /** JSON: which accounts (types, departments, ids) the cycle covers. */
  @Column({ type: 'text' }) scope!: string;
  /**
   * JSON: the published scorecard template version pinned per account type (`{ multinational: { key,
   * version } }`); a type without one is scored with its built-in template. Null: built-ins throughout.
   */
  @Column({ type: 'text', nullable: true }) templates!: string | null;
  @Column({ type: 'varchar', length: 16 }) status!: CycleStatus;
  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true }) createdBy!: string | null;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'launched_at', nullable: true }) launchedAt!: string | null;
  @TimestampColumn({ name: 'closed_at', nullable: true }) closedAt!: string | null;
  @VersionColumn() version!: number;
}
