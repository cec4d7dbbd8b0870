import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@keyscore/audit';
import type { Principal } from '@keyscore/auth';
import { NotFoundException, ValidationException } from '@keyscore/http';
import type { Bilingual, FieldError } from '@keyscore/i18n';
import { MetricsRepository } from '@keyscore/metrics';
import { nowIso, UnitOfWork, type SurveyCampaignEntity, type SurveyLinkEntity } from '@keyscore/persistence';
import { JobName, JobQueueService } from '@keyscore/queue';
import { PublishedForms } from './published-forms.service';
import { SurveyRollups } from './survey-rollups.service';
import { newSurveyToken } from './survey-token.util';
import { SurveysErrorCode, SurveysException, surveysFieldError } from './surveys.exception';
import type { CreateCampaign } from './surveys.schemas';
import { SurveysRepository } from './surveys.repository';

const CAMPAIGN = { en: 'Survey campaign', 'zh-CN': '满意度调查' };

/** Share of `part` in `whole` as a percentage with one decimal (0 when there is no whole). */
function percent(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 1000) / 10 : 0;
}

function actor(principal: Principal | null): string {
  if (!principal) return 'system';
  return principal.kind === 'user' ? principal.user.id : `key:${principal.key.id}`;
}

/**
 * Customer survey campaigns: created as a draft pinning a form version, launched (one personal link per
 * contact of the campaign's accounts, shown once), followed (response rate, results per account with
 * suppression) and closed (links stop working).
 */
@Injectable()
export class CampaignsService {
  private readonly logger = new Logger('Surveys');

  constructor(
    private readonly repository: SurveysRepository,
    private readonly forms: PublishedForms,
    private readonly metrics: MetricsRepository,
    private readonly rollups: SurveyRollups,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly queue: JobQueueService,
  ) {}

  async create(input: CreateCampaign, principal: Principal | null) {
    const found = await this.forms.find(input.form.key, input.form.version);
    if (!found) {
      const name = input.form.version ? `${input.form.key}@${input.form.version}` : input.form.key;
      throw new SurveysException(SurveysErrorCode.UnknownForm, name, '/body/form/key');
    }
    const known = new Set((await this.metrics.listMetrics()).map((m) => m.key));
    const errors: FieldError[] = [];
    for (const measure of found.document.measures ?? []) {
      if (!known.has(measure.metric))
        errors.push(surveysFieldError(SurveysErrorCode.UnknownMetric, '/body/form', measure.metric));
    }
    const accounts = new Set((await this.repository.accountsByIds(input.accountIds)).map((a) => a.id));
    input.accountIds.forEach((id, i) => {
      if (!accounts.has(id))
        errors.push(surveysFieldError(SurveysErrorCode.UnknownAccount, `/body/accountIds/${i}`, id));
    });
    if (!(Date.parse(input.closesAt) > Date.now()))
      errors.push(surveysFieldError(SurveysErrorCode.ClosesInPast, '/body/closesAt'));
    if (errors.length) throw new ValidationException(errors);

    const name: Bilingual =
      typeof input.name === 'string' ? { 'zh-CN': input.name, en: input.name } : input.name;
    const campaign: SurveyCampaignEntity = {
      id: randomUUID(),
      name: JSON.stringify(name),
      formKey: found.key,
      formVersion: found.version,
      period: input.period,
      accountIds: JSON.stringify(input.accountIds),
      minResponses: input.minResponses ?? 3,
      closesAt: new Date(input.closesAt).toISOString(),
      status: 'draft',
      createdBy: actor(principal),
      createdAt: nowIso(),
      launchedAt: null,
      closedAt: null,
      version: 1,
    };
    await this.unitOfWork.transaction(async (manager) => {
      await this.repository.insertCampaign(manager, campaign);
      await this.audit.record(manager, [
        {
          action: 'survey_campaign.create',
          entityType: 'survey_campaign',
          entityId: campaign.id,
          after: this.view(campaign),
        },
      ]);
    });
    return this.view(campaign);
  }

  async list() {
    return (await this.repository.campaigns()).map((c) => this.view(c));
  }

  /**
   * Launches the campaign: one personal link per contact of its accounts. The tokens are in this answer and
   * nowhere else (the database keeps their SHA-256): the admin sends them now or never.
   */
  async launch(id: string) {
    const campaign = await this.load(id);
    if (campaign.status !== 'draft') throw new SurveysException(SurveysErrorCode.NotDraft);
    if (!(Date.parse(campaign.closesAt) > Date.now()))
      throw new SurveysException(SurveysErrorCode.ClosesInPast);
    const contacts = await this.repository.contactsOf(JSON.parse(campaign.accountIds) as string[]);
    if (!contacts.length) throw new SurveysException(SurveysErrorCode.NoContacts);
    const now = nowIso();
    const issued = contacts.map((contact) => {
      const { token, hash } = newSurveyToken();
      const link: SurveyLinkEntity = {
        id: randomUUID(),
        campaignId: campaign.id,
        accountId: contact.accountId,
        contactId: contact.id,
        tokenHash: hash,
        status: 'open',
        locale: contact.locale,
        draft: null,
        expiresAt: campaign.closesAt,
        openedAt: null,
        submittedAt: null,
        createdAt: now,
        version: 1,
      };
      return { link, token, contact };
    });
    await this.unitOfWork.transaction(async (manager) => {
      if (!(await this.repository.updateCampaign(manager, campaign, { status: 'running', launchedAt: now })))
        throw new SurveysException(SurveysErrorCode.NotDraft);
      await this.repository.insertLinks(
        manager,
        issued.map((i) => i.link),
      );
      await this.audit.record(manager, [
        {
          action: 'survey_campaign.launch',
          entityType: 'survey_campaign',
          entityId: campaign.id,
          after: { links: issued.length, accounts: new Set(issued.map((i) => i.contact.accountId)).size },
        },
      ]);
    });
    return {
      campaign: this.view({ ...campaign, status: 'running', launchedAt: now, version: campaign.version + 1 }),
      links: issued.map(({ link, token, contact }) => ({
        accountId: contact.accountId,
        contactId: contact.id,
        name: contact.name,
        email: contact.email,
        locale: contact.locale,
        token,
        path: `/s/${token}`,
        expiresAt: link.expiresAt,
      })),
    };
  }

  /** Closes a running campaign: its links stop working; every account is rolled up once more. */
  async close(id: string) {
    const campaign = await this.load(id);
    if (campaign.status !== 'running')
      throw new SurveysException(SurveysErrorCode.NotRunning, campaign.status);
    const now = nowIso();
    await this.unitOfWork.transaction(async (manager) => {
      if (!(await this.repository.updateCampaign(manager, campaign, { status: 'closed', closedAt: now })))
        throw new SurveysException(SurveysErrorCode.NotRunning, 'changing');
      await this.audit.record(manager, [
        { action: 'survey_campaign.close', entityType: 'survey_campaign', entityId: campaign.id },
      ]);
    });
    const accountIds = JSON.parse(campaign.accountIds) as string[];
    try {
      await this.queue.enqueueMany(
        JobName.SurveyRollup,
        accountIds.map((accountId) => ({
          payload: { campaignId: id, accountId },
          jobId: `survey-rollup.${id}.${accountId}.close`,
        })),
      );
    } catch (error) {
      this.logger.warn({ err: error, campaignId: id }, 'could not enqueue the closing roll-ups');
    }
    return this.get(id);
  }

  /** The campaign with its response rate and, per account, counts and results (withheld below the minimum). */
  async get(id: string) {
    const campaign = await this.load(id);
    const accountIds = JSON.parse(campaign.accountIds) as string[];
    const [counts, accounts, results] = await Promise.all([
      this.repository.linkCounts(id),
      this.repository.accountsByIds(accountIds),
      this.rollups.results(campaign),
    ]);
    const countOf = new Map(counts.map((c) => [c.accountId, c]));
    const accountOf = new Map(accounts.map((a) => [a.id, a]));
    const total = { contacts: 0, opened: 0, submitted: 0 };
    const perAccount = accountIds.map((accountId) => {
      const c = countOf.get(accountId) ?? { contacts: 0, opened: 0, submitted: 0 };
      total.contacts += c.contacts;
      total.opened += c.opened;
      total.submitted += c.submitted;
      const account = accountOf.get(accountId);
      return {
        accountId,
        code: account?.code ?? null,
        name: account ? { 'zh-CN': account.name, en: account.nameEn } : null,
        contacts: c.contacts,
        opened: c.opened,
        submitted: c.submitted,
        rate: percent(c.submitted, c.contacts),
        results: results.get(accountId) ?? [],
      };
    });
    return {
      ...this.view(campaign),
      ...total,
      rate: percent(total.submitted, total.contacts),
      accounts: perAccount,
    };
  }

  private async load(id: string) {
    const campaign = await this.repository.campaign(id);
    if (!campaign) throw new NotFoundException(CAMPAIGN, '/params/id');
    return campaign;
  }

  private view(c: SurveyCampaignEntity) {
    return {
      id: c.id,
      name: JSON.parse(c.name) as Bilingual,
      form: { key: c.formKey, version: c.formVersion },
      period: c.period,
      accountIds: JSON.parse(c.accountIds) as string[],
      minResponses: c.minResponses,
      closesAt: c.closesAt,
      status: c.status,
      createdBy: c.createdBy,
      createdAt: c.createdAt,
      launchedAt: c.launchedAt,
      closedAt: c.closedAt,
    };
  }
}
