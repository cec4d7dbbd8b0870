import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, TimestampColumn } from './columns';
import { UserEntity } from './user.entity';

/**
 * A key for IT integrations. The secret is shown once at creation; only its SHA-256 is stored (the secret
 * has 256 random bits, so a fast hash is enough). `scopes` is JSON: `[{ permission, metricKeys? }]`.
 */
@Entity('api_keys')
export class ApiKeyEntity {
  @IdColumn() id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) prefix!: string;

  @Index('uq_api_keys_secret_hash', { unique: true })
  @Column({ name: 'secret_hash', type: 'varchar', length: 64 })
  secretHash!: string;

  @Column({ type: 'text' }) scopes!: string;

  @RefColumn({ name: 'created_by' })
  @ForeignKey(() => UserEntity)
  createdBy!: string;

  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'last_used_at', nullable: true }) lastUsedAt!: string | null;
  @TimestampColumn({ name: 'revoked_at', nullable: true }) revokedAt!: string | null;
}
