import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { AccountContactEntity } from './account-contact.entity';
import { AccountEntity } from './account.entity';
import { IdColumn, RefColumn, TimestampColumn, VersionColumn } from './columns';
import { SurveyCampaignEntity } from './survey-campaign.entity';

export type SurveyLinkStatus = 'open' | 'submitted';

/**
 * A contact's personal survey link. Only the SHA-256 of its token is stored; the token itself is shown once,
 * at launch. Reusable (drafts) until the final submit, which closes it; dead after `expires_at`.
 */
@Entity('survey_links')
@Index('uq_survey_links_token', ['tokenHash'], { unique: true })
@Index('ix_survey_links_campaign', ['campaignId', 'accountId'])
export class SurveyLinkEntity {
  @IdColumn() id!: string;
  @RefColumn({ name: 'campaign_id' })
  @ForeignKey(() => SurveyCampaignEntity)
  campaignId!: string;

  @RefColumn({ name: 'account_id' })
  @ForeignKey(() => AccountEntity, { onDelete: 'CASCADE' })
  accountId!: string;

  @RefColumn({ name: 'contact_id' })
  @ForeignKey(() => AccountContactEntity, { onDelete: 'CASCADE' })
  contactId!: string;

  /** Hex SHA-256 of the token. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 }) tokenHash!: string;
  @Column({ type: 'varchar', length: 16 }) status!: SurveyLinkStatus;
  @Column({ type: 'varchar', length: 8 }) locale!: 'zh-CN' | 'en';
  /** JSON of the saved draft answers (draft-mode valid), or null. */
  @Column({ type: 'text', nullable: true }) draft!: string | null;
  @TimestampColumn({ name: 'expires_at' }) expiresAt!: string;
  @TimestampColumn({ name: 'opened_at', nullable: true }) openedAt!: string | null;
  @TimestampColumn({ name: 'submitted_at', nullable: true }) submittedAt!: string | null;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @VersionColumn() version!: number;
}
