import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, TimestampColumn } from './columns';
import { UserEntity } from './user.entity';

/** A signed-in session; only the SHA-256 of its token is stored. */
@Entity('sessions')
export class SessionEntity {
  @IdColumn() id!: string;
  @Index('uq_sessions_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @RefColumn({ name: 'user_id' })
  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  userId!: string;

  @TimestampColumn({ name: 'expires_at' }) expiresAt!: string;
  @TimestampColumn({ name: 'revoked_at', nullable: true }) revokedAt!: string | null;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
}
