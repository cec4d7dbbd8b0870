import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, TimestampColumn, VersionColumn } from './columns';
import { UserEntity } from './user.entity';

/**
 * A sender of signed inbound webhooks (`POST /api/webhooks/:key`). HMAC verification needs the secret
 * itself, so unlike API keys it is stored as-is (never returned after creation or rotation, never logged).
 * During a rotation the previous secret stays valid until `previous_secret_expires_at`.
 * `metric_keys` is JSON: the metric keys the endpoint may write, or null for any.
 */
@Entity('webhook_endpoints')
export class WebhookEndpointEntity {
  @IdColumn() id!: string;

  @Index('uq_webhook_endpoints_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'metric_keys', type: 'text', nullable: true }) metricKeys!: string | null;
  @Column({ type: 'varchar', length: 64 }) secret!: string;
  @Column({ name: 'previous_secret', type: 'varchar', length: 64, nullable: true }) previousSecret!:
    string | null;

  @TimestampColumn({ name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt!: string | null;

  @RefColumn({ name: 'created_by' })
  @ForeignKey(() => UserEntity)
  createdBy!: string;

  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'rotated_at', nullable: true }) rotatedAt!: string | null;
  @VersionColumn() version!: number;
}
