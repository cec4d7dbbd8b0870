import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { nowIso, SurveyLinkEntity, SurveyResponseEntity } from '@keyscore/persistence';
import { hashSurveyToken, SurveysRepository } from '@keyscore/surveys';
import { startTestApp, type TestApp } from '../support/test-app';
import { launchCampaign, surveyAccounts, type IssuedLink } from './survey-fixtures';

/**
 * Token lookups and final submits arriving in the same event-loop turn (PostgreSQL looks the links up in one
 * query, SQLite commits the submits together): each gets its own outcome, whatever the others' — a link
 * submitted twice is stored once, and a submit that fails fails alone.
 */
describe('public survey requests of one turn', () => {
  let t: TestApp;
  let issued: IssuedLink[];
  let links: SurveyLinkEntity[];
  let repository: SurveysRepository;
  const dataSource = () => t.app.get(DataSource);

  beforeAll(async () => {
    t = await startTestApp();
    const { accountIds } = await surveyAccounts(t, [4, 4]);
    const launched = await launchCampaign(t, { form: { key: 'customer_satisfaction' }, accountIds });
    const { campaignId } = launched;
    issued = launched.links;
    links = await dataSource()
      .getRepository(SurveyLinkEntity)
      .find({ where: { campaignId }, order: { id: 'ASC' } });
    repository = t.app.get(SurveysRepository);
  }, 60_000);
  afterAll(() => t.close());

  const answerTo = (link: SurveyLinkEntity, nps: number): SurveyResponseEntity => ({
    id: randomUUID(),
    campaignId: link.campaignId,
    accountId: link.accountId,
    linkId: link.id,
    data: JSON.stringify({ service_quality: 4, product_quality: 4, response_speed: 4, nps }),
    submittedAt: nowIso(),
  });
  const outcomes = async (submits: Promise<boolean>[]) =>
    (await Promise.allSettled(submits)).map((o) => (o.status === 'fulfilled' ? o.value : 'failed'));
  const stored = async (link: SurveyLinkEntity) => {
    const responses = await dataSource().getRepository(SurveyResponseEntity).findBy({ linkId: link.id });
    const { status } = await dataSource().getRepository(SurveyLinkEntity).findOneByOrFail({ id: link.id });
    return { status, nps: responses.map((r) => (JSON.parse(r.data) as { nps: number }).nps) };
  };

  it('finds the link of each token, a token asked twice alike, an unknown one as none', async () => {
    const [first, second] = issued;
    const idOf = (contactId: string) => links.find((l) => l.contactId === contactId)!.id;
    const found = await Promise.all([
      repository.linkByHash(hashSurveyToken(first!.token)),
      repository.linkByHash(hashSurveyToken(second!.token)),
      repository.linkByHash(hashSurveyToken(first!.token)),
      repository.linkByHash(hashSurveyToken('unknown-token-of-nobody')),
    ]);
    expect(found.map((link) => link?.id ?? null)).toEqual([
      idOf(first!.contactId),
      idOf(second!.contactId),
      idOf(first!.contactId),
      null,
    ]);
    expect(found[0]).toMatchObject({ status: 'open', formKey: 'customer_satisfaction', formVersion: 1 });
  });

  it('stores each once; the second submit of a link in the same turn is refused', async () => {
    const [a, b, c] = links;
    expect(
      await outcomes([
        repository.submit(answerTo(a!, 9)),
        repository.submit(answerTo(b!, 8)),
        repository.submit(answerTo(b!, 2)),
        repository.submit(answerTo(c!, 7)),
      ]),
    ).toEqual([true, true, false, true]);
    expect(await stored(a!)).toEqual({ status: 'submitted', nps: [9] });
    expect(await stored(b!)).toEqual({ status: 'submitted', nps: [8] });
    expect(await stored(c!)).toEqual({ status: 'submitted', nps: [7] });
  });

  it('fails only the submit whose statement fails; the others of its turn are stored', async () => {
    const [, , , d, e, f] = links;
    // A stray response already holds e's link: storing e's answer breaks the one-response-per-link index.
    await dataSource().getRepository(SurveyResponseEntity).insert(answerTo(e!, 0));
    expect(
      await outcomes([
        repository.submit(answerTo(d!, 10)),
        repository.submit(answerTo(e!, 5)),
        repository.submit(answerTo(f!, 6)),
      ]),
    ).toEqual([true, 'failed', true]);
    expect(await stored(d!)).toEqual({ status: 'submitted', nps: [10] });
    expect(await stored(f!)).toEqual({ status: 'submitted', nps: [6] });
    // Nothing of the failed submit: its link is still open, only the stray response is there.
    expect(await stored(e!)).toEqual({ status: 'open', nps: [0] });
  });
});
