import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { TimestampColumn, VersionColumn } from './columns';
import { AccountEntity } from './account.entity';

/**
 * Who gets credit for an account's result in a period: `split` (shares sum to 100) or `overlay` (each up to
 * a cap). `shares` is JSON: `[{ personId, departmentId, percent }]`.
 */
@Entity('contribution_splits')
export class ContributionSplitEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  @ForeignKey(() => AccountEntity, { onDelete: 'CASCADE' })
  accountId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 }) period!: string;
  @Column({ type: 'varchar', length: 16 }) mode!: 'split' | 'overlay';
  @Column({ name: 'overlay_cap', type: 'double precision', nullable: true }) overlayCap!: number | null;
  @Column({ type: 'text' }) shares!: string;
  @TimestampColumn({ name: 'updated_at' }) updatedAt!: string;
  @VersionColumn() version!: number;
}
