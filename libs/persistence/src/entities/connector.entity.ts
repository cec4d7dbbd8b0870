import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, TimestampColumn, VersionColumn } from './columns';
import { UserEntity } from './user.entity';

/**
 * An outbound pull connector. `document` is the connector document (JSON, validated by its schema) without
 * secrets; `secrets` is JSON `{ ref: value }` of the auth header values, stored as-is because they are sent
 * to the source (never returned, audited or logged).
 */
@Entity('connectors')
export class ConnectorEntity {
  @IdColumn() id!: string;

  @Index('uq_connectors_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'text' }) document!: string;
  @Column({ type: 'text', nullable: true }) secrets!: string | null;

  @RefColumn({ name: 'created_by' })
  @ForeignKey(() => UserEntity)
  createdBy!: string;

  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'updated_at' }) updatedAt!: string;
  @VersionColumn() version!: number;
}
