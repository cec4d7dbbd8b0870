import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FieldError } from '@keyscore/i18n';
import { nowIso } from '@keyscore/persistence';
import { linkState } from './link-state.util';
import { PublishedForms, type PublishedForm } from './published-forms.service';
import { SurveyRollupRequests } from './survey-rollup-requests';
import { SurveyRateLimit } from './survey-rate-limit';
import { hashSurveyToken, isWellFormedSurveyToken } from './survey-token.util';
import { SurveysErrorCode, SurveysException } from './surveys.exception';
import { SurveysRepository, type LinkRow } from './surveys.repository';

/** A usable personal link with its pinned form. */
export interface OpenLink {
  link: LinkRow;
  form: PublishedForm;
  /** The saved draft answers, if any. */
  draft: Record<string, unknown> | null;
}

export type AnswerOutcome =
  | { kind: 'invalid'; data: Record<string, unknown>; errors: FieldError[] }
  | { kind: 'draft_saved'; data: Record<string, unknown>; savedAt: string }
  | { kind: 'submitted'; submittedAt: string };

/** Thrown when a caller is over a rate limit; the controllers turn `retryAfter` into the Retry-After header. */
export class SurveyRateLimitedException extends SurveysException {
  constructor(readonly retryAfter: number) {
    super(SurveysErrorCode.RateLimited, retryAfter);
  }
}

/**
 * What a customer does through a personal link: open it (rate-limited per address and per token; unknown,
 * expired and closed links look the same), save a draft, submit once. The final submit closes the link and
 * stores the response in one transaction, then asks for the account's roll-up (without waiting for Redis).
 */
@Injectable()
export class PublicSurveys {
  constructor(
    private readonly repository: SurveysRepository,
    private readonly forms: PublishedForms,
    private readonly rateLimit: SurveyRateLimit,
    private readonly rollups: SurveyRollupRequests,
  ) {}

  /** The link of a token if it can be used now: 429, then 404 (unknown, expired, closed) or 410 (answered). */
  async open(token: string, ip: string | undefined): Promise<OpenLink> {
    const tokenHash = hashSurveyToken(token);
    const wait = await this.rateLimit.hit(ip ?? 'unknown', tokenHash);
    if (wait > 0) throw new SurveyRateLimitedException(wait);
    const link = isWellFormedSurveyToken(token) ? await this.repository.linkByHash(tokenHash) : null;
    const state = linkState(link, new Date());
    if (state === 'unknown') throw new SurveysException(SurveysErrorCode.LinkNotFound);
    if (state === 'submitted') throw new SurveysException(SurveysErrorCode.AlreadySubmitted);
    const form = await this.forms.get(link!.formKey, link!.formVersion);
    const draft = link!.draft ? (JSON.parse(link!.draft) as Record<string, unknown>) : null;
    return { link: link!, form, draft };
  }

  /** Records the first time the page was shown (for the campaign's response rate). */
  async markOpened(open: OpenLink): Promise<void> {
    if (!open.link.openedAt) await this.repository.markOpened(open.link.id, nowIso());
  }

  /**
   * Saves a draft (validated in draft mode) or submits (final mode). Invalid answers write nothing; a
   * submit that loses a race with another submit of the same link answers 410.
   */
  async answer(open: OpenLink, action: 'draft' | 'submit', input: unknown): Promise<AnswerOutcome> {
    const result = open.form.form.process(input, { mode: action === 'draft' ? 'draft' : 'final' });
    if (!result.ok) return { kind: 'invalid', data: result.data, errors: result.errors };
    const at = nowIso();
    if (action === 'draft') {
      if (!(await this.repository.saveLinkDraft(open.link.id, JSON.stringify(result.data), at)))
        throw new SurveysException(SurveysErrorCode.AlreadySubmitted);
      return { kind: 'draft_saved', data: result.data, savedAt: at };
    }
    const { link } = open;
    const response = {
      id: randomUUID(),
      campaignId: link.campaignId,
      accountId: link.accountId,
      linkId: link.id,
      data: JSON.stringify(result.data),
      submittedAt: at,
    };
    // Closing the link and storing the answer are one atomic unit (one statement on PostgreSQL, one
    // transaction on SQLite); it stores nothing when another submit closed the link first.
    const stored = await this.repository.submit(response);
    if (!stored) throw new SurveysException(SurveysErrorCode.AlreadySubmitted);
    this.rollups.request(link.campaignId, link.accountId);
    return { kind: 'submitted', submittedAt: at };
  }
}
