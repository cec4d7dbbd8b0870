import { Column, Entity, ForeignKey } from 'typeorm';
import { IdColumn, RefColumn, TimestampColumn, VersionColumn } from './columns';
import { PersonEntity } from './person.entity';

export const ROLES = ['admin', 'reviewer', 'account_manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Someone who signs in. An account manager or reviewer is linked to their person in the directory. */
@Entity('users')
export class UserEntity {
  @IdColumn() id!: string;
  @Column({ type: 'varchar', length: 320, unique: true }) email!: string;
  @Column({ name: 'display_name', type: 'varchar', length: 200 }) displayName!: string;
  @Column({ type: 'varchar', length: 32 }) role!: Role;
  @Column({ name: 'password_hash', type: 'varchar', length: 100 }) passwordHash!: string;

  @RefColumn({ name: 'person_id', nullable: true })
  @ForeignKey(() => PersonEntity)
  personId!: string | null;

  @TimestampColumn({ name: 'disabled_at', nullable: true }) disabledAt!: string | null;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'updated_at' }) updatedAt!: string;
  @VersionColumn() version!: number;
}
