import { Injectable, Logger } from '@nestjs/common';
import { rollupResponses, type RollupResult } from '@keyscore/forms';
import { MetricsRepository, MetricValuesService } from '@keyscore/metrics';
import type { SurveyCampaignEntity } from '@keyscore/persistence';
import { PublishedForms } from './published-forms.service';
import { SurveysRepository } from './surveys.repository';

/** Rounds of "compute, write, check nothing new arrived" before a job leaves the rest to the next job. */
const MAX_ROUNDS = 5;

/**
 * Survey responses → metric values: per account and campaign period, each measure of the pinned form is the
 * mean of the responses that answered it (0–100), written with source 'survey'. Below the campaign's
 * minimum number of responses the value is withheld: written as null with state 'pending', so scoring
 * re-normalises instead of reading a single customer's answer.
 */
@Injectable()
export class SurveyRollups {
  private readonly logger = new Logger('Surveys');

  constructor(
    private readonly repository: SurveysRepository,
    private readonly forms: PublishedForms,
    private readonly metrics: MetricsRepository,
    private readonly metricValues: MetricValuesService,
  ) {}

  /** The roll-up of each account's responses, from the stored responses (what the campaign page shows). */
  async results(campaign: SurveyCampaignEntity): Promise<Map<string, RollupResult[]>> {
    const { document } = await this.forms.get(campaign.formKey, campaign.formVersion);
    const byAccount = new Map<string, Record<string, unknown>[]>();
    for (const accountId of JSON.parse(campaign.accountIds) as string[]) byAccount.set(accountId, []);
    for (const r of await this.repository.responses(campaign.id)) {
      byAccount.get(r.accountId)?.push(JSON.parse(r.data) as Record<string, unknown>);
    }
    const out = new Map<string, RollupResult[]>();
    for (const [accountId, responses] of byAccount)
      out.set(accountId, rollupResponses(document, responses, { minResponses: campaign.minResponses }));
    return out;
  }

  /**
   * Recomputes one account's values and writes them. Idempotent; safe to run concurrently: each round writes
   * what it read, then re-counts the responses, and rounds again if one arrived meanwhile (responses are
   * only ever added), so the last writer always wrote every response it could see.
   */
  async recompute(campaignId: string, accountId: string) {
    const campaign = await this.repository.campaign(campaignId);
    if (!campaign) return { skipped: 'no campaign' };
    const [account] = await this.repository.accountsByIds([accountId]);
    if (!account) return { skipped: 'no account' };
    const { document } = await this.forms.get(campaign.formKey, campaign.formVersion);
    const known = new Set((await this.metrics.listMetrics()).map((m) => m.key));
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const responses = await this.repository.responses(campaignId, accountId);
      const results = rollupResponses(
        document,
        responses.map((r) => JSON.parse(r.data) as Record<string, unknown>),
        { minResponses: campaign.minResponses },
      ).filter((r) => known.has(r.metric));
      if (results.length) {
        await this.metricValues.record(
          results.map((r) => ({
            accountCode: account.code,
            metricKey: r.metric,
            period: campaign.period,
            value: r.value,
            state: r.value === null ? ('pending' as const) : ('actual' as const),
            source: 'survey' as const,
            sourceRecordId: `survey-campaign:${campaignId}`,
          })),
        );
      }
      if ((await this.repository.responseCount(campaignId, accountId)) === responses.length)
        return { responses: responses.length, written: results.length, rounds: round };
    }
    this.logger.warn({ campaignId, accountId }, 'survey roll-up kept changing; the next job finishes it');
    return { responses: null, rounds: MAX_ROUNDS };
  }
}
