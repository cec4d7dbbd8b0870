import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, TimestampColumn, VersionColumn } from './columns';
import { UserEntity } from './user.entity';

/** A signed-in user's unfinished answers: one per user and form version. */
@Entity('form_drafts')
@Index('uq_form_drafts_user_form', ['userId', 'formKey', 'formVersion'], { unique: true })
export class FormDraftEntity {
  @IdColumn() id!: string;
  @RefColumn({ name: 'user_id' })
  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  userId!: string;

  @Column({ name: 'form_key', type: 'varchar', length: 64 }) formKey!: string;
  @Column({ name: 'form_version', type: 'integer' }) formVersion!: number;
  @Column({ type: 'text' }) data!: string;
  @TimestampColumn({ name: 'updated_at' }) updatedAt!: string;
  @VersionColumn() version!: number;
}
