import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { AccountEntity } from './account.entity';
import { IdColumn, RefColumn, TimestampColumn } from './columns';
import { SurveyCampaignEntity } from './survey-campaign.entity';
import { SurveyLinkEntity } from './survey-link.entity';

/** A final survey answer, as the server processed it against the campaign's pinned form version. */
@Entity('survey_responses')
@Index('uq_survey_responses_link', ['linkId'], { unique: true })
@Index('ix_survey_responses_campaign', ['campaignId', 'accountId'])
export class SurveyResponseEntity {
  @IdColumn() id!: string;
  @RefColumn({ name: 'campaign_id' })
  @ForeignKey(() => SurveyCampaignEntity)
  campaignId!: string;

  @RefColumn({ name: 'account_id' })
  @ForeignKey(() => AccountEntity, { onDelete: 'CASCADE' })
  accountId!: string;

  @RefColumn({ name: 'link_id' })
  @ForeignKey(() => SurveyLinkEntity, { onDelete: 'CASCADE' })
  linkId!: string;

  /** JSON of the processed answers. */
  @Column({ type: 'text' }) data!: string;
  @TimestampColumn({ name: 'submitted_at' }) submittedAt!: string;
}
