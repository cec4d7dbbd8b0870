import { Injectable } from '@nestjs/common';
import { JobHandler, JobName, type JobPayloads } from '@keyscore/queue';
import { SurveyRollups } from './survey-rollups.service';

/** Rolls one account's campaign responses up into metric values; BullMQ may deliver it twice, which is harmless. */
@Injectable()
export class SurveyRollupJob {
  constructor(private readonly rollups: SurveyRollups) {}

  @JobHandler(JobName.SurveyRollup)
  rollup({ campaignId, accountId }: JobPayloads[JobName.SurveyRollup]) {
    return this.rollups.recompute(campaignId, accountId);
  }
}
