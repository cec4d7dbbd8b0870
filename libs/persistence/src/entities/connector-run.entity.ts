import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, TimestampColumn } from './columns';
import { ConnectorEntity } from './connector.entity';

export const CONNECTOR_RUN_STATUSES = ['running', 'retrying', 'succeeded', 'failed'] as const;
export type ConnectorRunStatus = (typeof CONNECTOR_RUN_STATUSES)[number];

/**
 * One pull of a connector: one row per BullMQ job (unique job id), updated by each attempt. `error` is
 * JSON `{ code, message: { en, zh-CN } }` of the last failure.
 */
@Entity('connector_runs')
@Index('uq_connector_runs_job', ['connectorId', 'jobId'], { unique: true })
export class ConnectorRunEntity {
  @IdColumn() id!: string;

  @RefColumn({ name: 'connector_id' })
  @ForeignKey(() => ConnectorEntity, { onDelete: 'CASCADE' })
  connectorId!: string;

  @Column({ name: 'job_id', type: 'varchar', length: 200 }) jobId!: string;
  @Column({ type: 'varchar', length: 16 }) status!: ConnectorRunStatus;
  @Column({ type: 'integer', default: 1 }) attempts!: number;
  @TimestampColumn({ name: 'started_at' }) startedAt!: string;
  @TimestampColumn({ name: 'finished_at', nullable: true }) finishedAt!: string | null;
  @Column({ type: 'integer', nullable: true }) rows!: number | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
}
