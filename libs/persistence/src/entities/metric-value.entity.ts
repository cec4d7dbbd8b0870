import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { AccountEntity } from './account.entity';
import { MetricEntity } from './metric.entity';
import { IdColumn, RefColumn, TimestampColumn, VersionColumn } from './columns';

/** What is known about a value: scoring re-normalises over known values instead of treating gaps as zero. */
export const VALUE_STATES = ['actual', 'estimated', 'pending', 'not_applicable', 'sealed'] as const;
export type ValueState = (typeof VALUE_STATES)[number];

export const VALUE_SOURCES = ['connector', 'import', 'survey', 'manual', 'rollup'] as const;
export type ValueSource = (typeof VALUE_SOURCES)[number];

/** `2026-07` (month), `2026-Q3` (quarter) or `2026` (year). */
export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

@Entity('metric_values')
@Index('uq_metric_values_natural', ['accountId', 'metricKey', 'period', 'source'], { unique: true })
// Dashboards read values from this index alone (migration 1765300000000-dashboard-reads).
@Index('ix_metric_values_read', [
  'periodKind',
  'period',
  'metricKey',
  'accountId',
  'source',
  'state',
  'value',
])
export class MetricValueEntity {
  @IdColumn() id!: string;
  @RefColumn({ name: 'account_id' })
  @ForeignKey(() => AccountEntity, { onDelete: 'CASCADE' })
  accountId!: string;

  @Column({ name: 'metric_key', type: 'varchar', length: 64 })
  @ForeignKey(() => MetricEntity)
  metricKey!: string;

  @Column({ type: 'varchar', length: 16 }) period!: string;
  @Column({ name: 'period_kind', type: 'varchar', length: 8 }) periodKind!: PeriodKind;
  @Column({ type: 'double precision', nullable: true }) value!: number | null;
  @Column({ type: 'varchar', length: 16 }) state!: ValueState;
  @Column({ type: 'varchar', length: 16 }) source!: ValueSource;
  @Column({ name: 'source_record_id', type: 'varchar', length: 200, nullable: true }) sourceRecordId!:
    string | null;
  @TimestampColumn({ name: 'recorded_at' }) recordedAt!: string;
  @VersionColumn() version!: number;
}
