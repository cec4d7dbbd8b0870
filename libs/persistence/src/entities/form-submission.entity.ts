import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, TimestampColumn } from './columns';
import { UserEntity } from './user.entity';

/** A signed-in user's final answers to a pinned form version, as the server processed them. */
@Entity('form_submissions')
@Index('ix_form_submissions_form', ['formKey', 'formVersion'])
export class FormSubmissionEntity {
  @IdColumn() id!: string;
  @Column({ name: 'form_key', type: 'varchar', length: 64 }) formKey!: string;
  @Column({ name: 'form_version', type: 'integer' }) formVersion!: number;
  @RefColumn({ name: 'user_id' })
  @ForeignKey(() => UserEntity)
  userId!: string;

  @Column({ type: 'text' }) data!: string;
  @TimestampColumn({ name: 'submitted_at' }) submittedAt!: string;
}
