import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';
import { AccountEntity } from './account.entity';

/**
 * One account's deviations from its scorecard template for one period (weights, targets, rules, KPIs
 * dropped), applied on top of whichever template scores it; like per-account targets, set per period so a
 * change never rewrites another quarter's scores.
 */
@Entity('account_scorecard_overrides')
export class AccountScorecardOverrideEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  @ForeignKey(() => AccountEntity, { onDelete: 'CASCADE' })
  accountId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 }) period!: string;
  /** JSON: `{ entries, remove }` in the shape of the scoring lib's account override. */
  @Column({ type: 'text' }) content!: string;
  @Column({ name: 'updated_by', type: 'varchar', length: 64, nullable: true }) updatedBy!: string | null;
  @TimestampColumn({ name: 'updated_at' }) updatedAt!: string;
}
