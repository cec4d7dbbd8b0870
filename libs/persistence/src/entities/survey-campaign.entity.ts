import { Column, Entity } from 'typeorm';
import { IdColumn, TimestampColumn, VersionColumn } from './columns';

export type CampaignStatus = 'draft' | 'running' | 'closed';

/**
 * A customer survey campaign: one pinned form version sent to the contacts of a set of accounts for one
 * period; its responses roll up into that period's metric values per account.
 */
@Entity('survey_campaigns')
export class SurveyCampaignEntity {
  @IdColumn() id!: string;
  /** JSON { "zh-CN", en }. */
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'form_key', type: 'varchar', length: 64 }) formKey!: string;
  @Column({ name: 'form_version', type: 'integer' }) formVersion!: number;
  @Column({ type: 'varchar', length: 16 }) period!: string;
  /** JSON array of account ids. */
  @Column({ name: 'account_ids', type: 'text' }) accountIds!: string;
  @Column({ name: 'min_responses', type: 'integer' }) minResponses!: number;
  @TimestampColumn({ name: 'closes_at' }) closesAt!: string;
  @Column({ type: 'varchar', length: 16 }) status!: CampaignStatus;
  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true }) createdBy!: string | null;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'launched_at', nullable: true }) launchedAt!: string | null;
  @TimestampColumn({ name: 'closed_at', nullable: true }) closedAt!: string | null;
  @VersionColumn() version!: number;
}
