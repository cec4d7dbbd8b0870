import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn, VersionColumn } from './columns';

export type InstanceStatus = 'created' | 'running' | 'completed' | 'rejected' | 'cancelled';

/**
 * One run of a pinned workflow version about one subject (an account, an account manager…). `state` is
 * the JSON state of the pure core (libs/workflow); `version` guards every transition (conditional update).
 */
@Entity('workflow_instances')
@Index('ix_workflow_instances_cycle', ['cycleId', 'status'])
export class WorkflowInstanceEntity {
  @IdColumn() id!: string;
  @Column({ name: 'cycle_id', type: 'varchar', length: 36, nullable: true }) cycleId!: string | null;
  @Column({ name: 'workflow_key', type: 'varchar', length: 64 }) workflowKey!: string;
  @Column({ name: 'workflow_version', type: 'integer' }) workflowVersion!: number;
  @Column({ name: 'subject_type', type: 'varchar', length: 32 }) subjectType!: string;
  @Column({ name: 'subject_id', type: 'varchar', length: 36 }) subjectId!: string;
  /** The account manager (person) the instance is about or for; drives assignee relations and scoping. */
  @Column({ name: 'manager_person_id', type: 'varchar', length: 36, nullable: true })
  managerPersonId!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) period!: string | null;
  @Column({ type: 'text' }) state!: string;
  @Column({ type: 'varchar', length: 16 }) status!: InstanceStatus;
  /** The active step ids, comma-separated: what "counts per stage" groups by. */
  @Column({ type: 'varchar', length: 400 }) stage!: string;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'updated_at' }) updatedAt!: string;
  @TimestampColumn({ name: 'ended_at', nullable: true }) endedAt!: string | null;
  @VersionColumn() version!: number;
}
