import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

export type EffectStatus = 'pending' | 'done';

/**
 * The outbox of a transition: every effect the pure core asked for, written in the transition's own
 * transaction. Its id is deterministic (`<instance>.<seq>.<n>`, timers `<instance>.t.<timer>`) and doubles as the BullMQ job id; an
 * effect is executed at most once because its execution flips `status` conditionally in the same
 * transaction as its consequences, and at least once because the reconciler re-enqueues what is pending.
 */
@Entity('workflow_effects')
@Index('ix_workflow_effects_pending', ['status', 'type'])
export class WorkflowEffectEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 }) id!: string;
  @Column({ name: 'instance_id', type: 'varchar', length: 36 }) instanceId!: string;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @Column({ type: 'text' }) payload!: string;
  @Column({ type: 'varchar', length: 16 }) status!: EffectStatus;
  /** When a timer is due. */
  @TimestampColumn({ name: 'run_at', nullable: true }) runAt!: string | null;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'done_at', nullable: true }) doneAt!: string | null;
}
