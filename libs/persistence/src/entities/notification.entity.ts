import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

export type NotificationStatus = 'pending' | 'sent' | 'failed';

/**
 * The notification outbox: one row per notify effect (its id is the effect id, so a redelivered job
 * cannot notify twice), delivered by a channel (webhook; email behind the same interface).
 */
@Entity('notifications')
@Index('ix_notifications_status', ['status'])
export class NotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 }) id!: string;
  @Column({ name: 'instance_id', type: 'varchar', length: 36, nullable: true }) instanceId!: string | null;
  /** JSON array of user ids. */
  @Column({ type: 'text' }) recipients!: string;
  /** JSON { zh-CN, en }. */
  @Column({ type: 'text' }) subject!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'varchar', length: 16 }) status!: NotificationStatus;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'sent_at', nullable: true }) sentAt!: string | null;
}
