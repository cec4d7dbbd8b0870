import { CUSTOMER_SATISFACTION_FORM, compileForm } from '@keyscore/forms';
import { PublicSurveys, SurveyRateLimitedException, type OpenLink } from './public-surveys.service';
import type { PublishedForms } from './published-forms.service';
import type { SurveyRateLimit } from './survey-rate-limit';
import type { SurveyRollupRequests } from './survey-rollup-requests';
import { hashSurveyToken, newSurveyToken } from './survey-token.util';
import type { LinkRow, SurveysRepository } from './surveys.repository';

const form = compileForm(CUSTOMER_SATISFACTION_FORM, 'customer_satisfaction@1');
const published = { key: 'customer_satisfaction', version: 1, form, document: form.document };
const VALID = { service_quality: 4, product_quality: 5, response_speed: 3, nps: 9, contact_role: 'finance' };

const row = (over: Partial<LinkRow> = {}): LinkRow => ({
  id: 'link-1',
  campaignId: 'c-1',
  accountId: 'a-1',
  status: 'open',
  locale: 'zh-CN',
  draft: null,
  expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  openedAt: null,
  campaignStatus: 'running',
  campaignName: '{"zh-CN":"调查","en":"Survey"}',
  formKey: 'customer_satisfaction',
  formVersion: 1,
  period: '2026-Q3',
  ...over,
});

/** The service over a mocked repository, forms, rate limiter and roll-up requests. */
function setup(options: { wait?: number; link?: LinkRow | null; claims?: boolean } = {}) {
  const repository = {
    submit: jest.fn(async () => options.claims ?? true),
    linkByHash: jest.fn(async () => (options.link === undefined ? row() : options.link)),
    saveLinkDraft: jest.fn(async () => options.claims ?? true),
    markOpened: jest.fn(async () => undefined),
  };
  const requestRollup = jest.fn();
  const service = new PublicSurveys(
    repository as unknown as SurveysRepository,
    { get: jest.fn(async () => published) } as unknown as PublishedForms,
    { hit: jest.fn(async () => options.wait ?? 0) } as unknown as SurveyRateLimit,
    { request: requestRollup } as unknown as SurveyRollupRequests,
  );
  return { service, repository, requestRollup };
}

const open = (over: Partial<LinkRow> = {}): OpenLink => ({ link: row(over), form: published, draft: null });

describe('PublicSurveys', () => {
  it('looks a token up by its hash', async () => {
    const { service, repository } = setup();
    const { token } = newSurveyToken();
    await service.open(token, '10.0.0.1');
    expect(repository.linkByHash).toHaveBeenCalledWith(hashSurveyToken(token));
  });

  it('refuses an address or token over its limit before looking anything up', async () => {
    const { service, repository } = setup({ wait: 42 });
    const refused = service.open(newSurveyToken().token, '10.0.0.1');
    await expect(refused).rejects.toBeInstanceOf(SurveyRateLimitedException);
    await expect(refused).rejects.toMatchObject({ status: 429, retryAfter: 42 });
    expect(repository.linkByHash).not.toHaveBeenCalled();
  });

  it.each<[string, LinkRow | null, number]>([
    ['unknown', null, 404],
    ['expired', row({ expiresAt: '2020-01-01T00:00:00.000Z' }), 404],
    ['closed campaign', row({ campaignStatus: 'closed' }), 404],
    ['answered', row({ status: 'submitted' }), 410],
  ])('answers a link that is %s with %i', async (_name, link, status) => {
    const { service } = setup({ link });
    await expect(service.open(newSurveyToken().token, '10.0.0.1')).rejects.toMatchObject({ status });
  });

  it('does not even look up a token of the wrong shape', async () => {
    const { service, repository } = setup();
    await expect(service.open('../../etc', '10.0.0.1')).rejects.toMatchObject({ status: 404 });
    expect(repository.linkByHash).not.toHaveBeenCalled();
  });

  it('writes nothing for invalid answers', async () => {
    const { service, repository, requestRollup } = setup();
    const outcome = await service.answer(open(), 'submit', { ...VALID, service_quality: undefined });
    expect(outcome).toMatchObject({ kind: 'invalid', errors: [{ pointer: '/service_quality' }] });
    expect(repository.submit).not.toHaveBeenCalled();
    expect(repository.saveLinkDraft).not.toHaveBeenCalled();
    expect(requestRollup).not.toHaveBeenCalled();
  });

  it('stores the server’s version of a final answer with the link closed, then asks for its account’s roll-up', async () => {
    const { service, repository, requestRollup } = setup();
    const outcome = await service.answer(open(), 'submit', { ...VALID, overall: 1, improve: 'hidden' });
    expect(outcome.kind).toBe('submitted');
    expect(repository.submit).toHaveBeenCalledWith(
      expect.objectContaining({ linkId: 'link-1', campaignId: 'c-1', accountId: 'a-1' }),
    );
    const stored = (repository.submit.mock.calls[0] as unknown[])[0] as { data: string };
    expect(JSON.parse(stored.data)).toEqual({ ...VALID, overall: 4 });
    expect(requestRollup).toHaveBeenCalledWith('c-1', 'a-1');
  });

  it('answers 410 and stores nothing when another submit of the link got there first', async () => {
    const { service, requestRollup } = setup({ claims: false });
    await expect(service.answer(open(), 'submit', VALID)).rejects.toMatchObject({ status: 410 });
    expect(requestRollup).not.toHaveBeenCalled();
  });

  it('saves drafts in draft mode: nothing required, wrong values refused', async () => {
    const { service, repository } = setup();
    expect((await service.answer(open(), 'draft', { nps: 3 })).kind).toBe('draft_saved');
    expect(repository.saveLinkDraft).toHaveBeenCalledWith('link-1', '{"nps":3}', expect.any(String));
    expect((await service.answer(open(), 'draft', { nps: 11 })).kind).toBe('invalid');
  });
});
