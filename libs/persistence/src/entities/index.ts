import { AccountMemberEntity } from './account-member.entity';
import { AccountEntity } from './account.entity';
import { DepartmentEntity } from './department.entity';
import { MetricValueEntity } from './metric-value.entity';
import { MetricEntity } from './metric.entity';
import { PersonEntity } from './person.entity';
import { UserEntity } from './user.entity';
import { SessionEntity } from './session.entity';
import { ApiKeyEntity } from './api-key.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { AccountTargetEntity } from './account-target.entity';
import { AccountScorecardOverrideEntity } from './account-scorecard-override.entity';
import { ConnectorEntity } from './connector.entity';
import { ConnectorRunEntity } from './connector-run.entity';
import { DocumentEntity } from './document.entity';
import { DocumentVersionEntity } from './document-version.entity';
import { ContributionSplitEntity } from './contribution-split.entity';
import { AdjustmentEntity } from './adjustment.entity';
import { ReviewCycleEntity } from './review-cycle.entity';
import { WorkflowInstanceEntity } from './workflow-instance.entity';
import { WorkflowTaskEntity } from './workflow-task.entity';
import { WorkflowEffectEntity } from './workflow-effect.entity';
import { CycleScoreEntity } from './cycle-score.entity';
import { ScorecardDefinitionsEntity } from './scorecard-definitions.entity';
import { NotificationEntity } from './notification.entity';
import {
  DashboardDataChangeEntity,
  DashboardKpiDirtyEntity,
  DashboardKpiScoreEntity,
} from './dashboard.entities';
import { AccountContactEntity } from './account-contact.entity';
import { SurveyCampaignEntity } from './survey-campaign.entity';
import { SurveyLinkEntity } from './survey-link.entity';
import { SurveyResponseEntity } from './survey-response.entity';
import { FormSubmissionEntity } from './form-submission.entity';
import { FormDraftEntity } from './form-draft.entity';

export * from './columns';
export * from './account-member.entity';
export * from './account.entity';
export * from './department.entity';
export * from './metric-value.entity';
export * from './metric.entity';
export * from './person.entity';
export * from './user.entity';
export * from './session.entity';
export * from './api-key.entity';
export * from './audit-entry.entity';
export * from './webhook-endpoint.entity';
export * from './webhook-delivery.entity';
export * from './idempotency-record.entity';
export * from './account-target.entity';
export * from './account-scorecard-override.entity';
export * from './connector.entity';
export * from './connector-run.entity';
export * from './document.entity';
export * from './document-version.entity';
export * from './contribution-split.entity';
export * from './scorecard-definitions.entity';
export * from './adjustment.entity';
export * from './review-cycle.entity';
export * from './workflow-instance.entity';
export * from './workflow-task.entity';
export * from './workflow-effect.entity';
export * from './cycle-score.entity';
export * from './notification.entity';
export * from './dashboard.entities';
export * from './account-contact.entity';
export * from './survey-campaign.entity';
export * from './survey-link.entity';
export * from './survey-response.entity';
export * from './form-submission.entity';
export * from './form-draft.entity';

export const ENTITIES = [
  DepartmentEntity,
  PersonEntity,
  AccountEntity,
  AccountMemberEntity,
  MetricEntity,
  MetricValueEntity,
  UserEntity,
  SessionEntity,
  ApiKeyEntity,
  AuditEntryEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  IdempotencyRecordEntity,
  AccountTargetEntity,
  AccountScorecardOverrideEntity,
  ConnectorEntity,
  ConnectorRunEntity,
  DocumentEntity,
  DocumentVersionEntity,
  ContributionSplitEntity,
  AdjustmentEntity,
  ReviewCycleEntity,
  WorkflowInstanceEntity,
  WorkflowTaskEntity,
  WorkflowEffectEntity,
  CycleScoreEntity,
  ScorecardDefinitionsEntity,
  NotificationEntity,
  AccountContactEntity,
  SurveyCampaignEntity,
  SurveyLinkEntity,
  SurveyResponseEntity,
  FormSubmissionEntity,
  FormDraftEntity,
  DashboardDataChangeEntity,
  DashboardKpiScoreEntity,
  DashboardKpiDirtyEntity,
];
