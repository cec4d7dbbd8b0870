import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn, VersionColumn } from './columns';

export type TaskStatus = 'open' | 'done' | 'cancelled';

/** A task of a workflow instance as the inbox lists it; the instance state is the authority. */
@Entity('workflow_tasks')
@Index('uq_workflow_tasks_key', ['instanceId', 'taskKey'], { unique: true })
@Index('ix_workflow_tasks_assignee', ['assigneeUserId', 'status'])
export class WorkflowTaskEntity {
  @IdColumn() id!: string;
  @Column({ name: 'instance_id', type: 'varchar', length: 36 }) instanceId!: string;
  /** The task's id inside the instance state. */
  @Column({ name: 'task_key', type: 'varchar', length: 100 }) taskKey!: string;
  @Column({ name: 'step_id', type: 'varchar', length: 64 }) stepId!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: 'form' | 'approval';
  @Column({ name: 'assignee_user_id', type: 'varchar', length: 64 }) assigneeUserId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'varchar', length: 16 }) status!: TaskStatus;
  @Column({ type: 'varchar', length: 16, nullable: true }) outcome!: string | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  /** JSON { key, version } of the form a form task fills. */
  @Column({ type: 'text', nullable: true }) form!: string | null;
  @TimestampColumn({ name: 'due_at', nullable: true }) dueAt!: string | null;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'completed_at', nullable: true }) completedAt!: string | null;
  @Column({ name: 'completed_by', type: 'varchar', length: 64, nullable: true }) completedBy!: string | null;
  @VersionColumn() version!: number;
}
