import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  AccountContactEntity,
  AccountEntity,
  bulkInsert,
  SurveyCampaignEntity,
  SurveyLinkEntity,
  SurveyResponseEntity,
  UnitOfWork,
  type CampaignStatus,
} from '@keyscore/persistence';

/** A link with what its public page needs of its campaign: one indexed lookup per request. */
export interface LinkRow {
  id: string;
  campaignId: string;
  accountId: string;
  status: 'open' | 'submitted';
  locale: 'zh-CN' | 'en';
  draft: string | null;
  expiresAt: string;
  openedAt: string | null;
  campaignStatus: CampaignStatus;
  campaignName: string;
  formKey: string;
  formVersion: number;
  period: string;
}

export interface LinkCounts {
  accountId: string;
  contacts: number;
  opened: number;
  submitted: number;
}

const LINK_COLUMNS = [
  'id',
  'campaign_id',
  'account_id',
  'contact_id',
  'token_hash',
  'status',
  'locale',
  'draft',
  'expires_at',
  'opened_at',
  'submitted_at',
  'created_at',
  'version',
];

/** A final submit waiting for the end of the event-loop turn. */
interface QueuedSubmit {
  response: SurveyResponseEntity;
  resolve: (claimed: boolean) => void;
  reject: (error: unknown) => void;
}

/** What the hot path uses of a better-sqlite3 connection and its prepared statements. */
interface SqliteStatement {
  get(...params: unknown[]): Record<string, unknown> | undefined;
  run(...params: unknown[]): { changes: number };
}
interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
}

const LINKS_SQL = `SELECT l.id, l.token_hash, l.campaign_id, l.account_id, l.status, l.locale, l.draft, l.expires_at,
    l.opened_at, c.status AS campaign_status, c.name AS campaign_name, c.form_key, c.form_version, c.period
  FROM survey_links l INNER JOIN survey_campaigns c ON c.id = l.campaign_id`;
const LINK_BY_HASH_SQL = `${LINKS_SQL} WHERE l.token_hash = ?`;
/** PostgreSQL: the links of several tokens in one round trip. */
const LINKS_BY_HASH_PG = `${LINKS_SQL} WHERE l.token_hash = ANY($1::varchar[])`;

const CLOSE_LINK_SQL = `UPDATE survey_links SET status = 'submitted', submitted_at = ?, draft = NULL,
    opened_at = COALESCE(opened_at, ?), version = version + 1
  WHERE id = ? AND status = 'open'`;

const INSERT_RESPONSE_SQL = `INSERT INTO survey_responses (id, campaign_id, account_id, link_id, data, submitted_at)
  VALUES (?, ?, ?, ?, ?, ?)`;

/**
 * PostgreSQL: claims the links (open → submitted) of responses to distinct links and inserts those
 * responses, in one atomic statement (one array per column); returns the links it claimed.
 */
const CLOSE_LINKS_WITH_RESPONSES_PG = `WITH input AS (
    SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::text[], $6::varchar[])
      AS i(id, campaign_id, account_id, link_id, data, submitted_at)
  ), claimed AS (
    UPDATE survey_links l SET status = 'submitted', submitted_at = i.submitted_at, draft = NULL,
      opened_at = COALESCE(l.opened_at, i.submitted_at), version = l.version + 1
    FROM input i WHERE l.id = i.link_id AND l.status = 'open' RETURNING l.id
  )
  INSERT INTO survey_responses (id, campaign_id, account_id, link_id, data, submitted_at)
  SELECT i.id, i.campaign_id, i.account_id, i.link_id, i.data, i.submitted_at
    FROM input i INNER JOIN claimed ON claimed.id = i.link_id RETURNING link_id`;

function toLinkRow(r: Record<string, unknown>): LinkRow {
  return {
    id: r.id as string,
    campaignId: r.campaign_id as string,
    accountId: r.account_id as string,
    status: r.status as LinkRow['status'],
    locale: r.locale as LinkRow['locale'],
    draft: (r.draft as string | null) ?? null,
    expiresAt: r.expires_at as string,
    openedAt: (r.opened_at as string | null) ?? null,
    campaignStatus: r.campaign_status as CampaignStatus,
    campaignName: r.campaign_name as string,
    formKey: r.form_key as string,
    formVersion: Number(r.form_version),
    period: r.period as string,
  };
}

/**
 * Every query on account contacts, survey campaigns, their personal links and responses. The two queries of
 * every public answer (the link of a token, the final submit) go to the driver directly with prepared
 * statements: through TypeORM's query runner they cost more than the database work itself.
 */
@Injectable()
export class SurveysRepository {
  private readonly postgres: boolean;
  private sqliteStatements?: {
    db: SqliteConnection;
    linkByHash: SqliteStatement;
    /**
     * In one transaction, for each response in turn: claims its link and stores it; false for one whose link
     * was no longer open (nothing of it written).
     */
    submitAll: (responses: SurveyResponseEntity[]) => boolean[];
  };
  /** PostgreSQL: the token lookups of the current event-loop turn, by token hash, made at its end. */
  private queuedLookups = new Map<
    string,
    { resolve: (link: LinkRow | null) => void; reject: (error: unknown) => void }[]
  >();
  /** The final submits of the current event-loop turn, written together at its end. */
  private queuedSubmits: QueuedSubmit[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** PostgreSQL: TypeORM's pool; queries with a name are prepared once per pooled connection. */
  private get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** SQLite: the one better-sqlite3 connection TypeORM holds, with the hot statements prepared once. */
  private get sqlite() {
    if (this.sqliteStatements) return this.sqliteStatements;
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;
    const close = db.prepare(CLOSE_LINK_SQL);
    const insert = db.prepare(INSERT_RESPONSE_SQL);
    const claimAndStore = (r: SurveyResponseEntity): boolean => {
      if (close.run(r.submittedAt, r.submittedAt, r.linkId).changes !== 1) return false;
      insert.run(r.id, r.campaignId, r.accountId, r.linkId, r.data, r.submittedAt);
      return true;
    };
    const submitAll = db.transaction((responses: SurveyResponseEntity[]) => responses.map(claimAndStore));
    this.sqliteStatements = { db, linkByHash: db.prepare(LINK_BY_HASH_SQL), submitAll };
    return this.sqliteStatements;
  }

  insertContact(manager: EntityManager, contact: AccountContactEntity) {
    return manager.insert(AccountContactEntity, contact);
  }

  contactsOf(accountIds: string[]) {
    return accountIds.length
      ? this.dataSource
          .getRepository(AccountContactEntity)
          .find({ where: { accountId: In(accountIds) }, order: { createdAt: 'ASC', id: 'ASC' } })
      : Promise.resolve([]);
  }

  accountsByIds(ids: string[]) {
    return ids.length
      ? this.dataSource.getRepository(AccountEntity).find({
          select: { id: true, code: true, name: true, nameEn: true },
          where: { id: In(ids) },
        })
      : Promise.resolve([]);
  }

  insertCampaign(manager: EntityManager, campaign: SurveyCampaignEntity) {
    return manager.insert(SurveyCampaignEntity, campaign);
  }

  campaign(id: string) {
    return this.dataSource.getRepository(SurveyCampaignEntity).findOneBy({ id });
  }

  campaigns() {
    return this.dataSource
      .getRepository(SurveyCampaignEntity)
      .find({ order: { createdAt: 'DESC' }, take: 200 });
  }

  /** Conditional on the status and version read: a campaign is launched or closed once. */
  async updateCampaign(
    manager: EntityManager,
    campaign: SurveyCampaignEntity,
    changes: Partial<SurveyCampaignEntity>,
  ): Promise<boolean> {
    const result = await manager.update(
      SurveyCampaignEntity,
      { id: campaign.id, version: campaign.version, status: campaign.status },
      { ...changes, version: campaign.version + 1 },
    );
    return (result.affected ?? 0) === 1;
  }

  insertLinks(manager: EntityManager, links: SurveyLinkEntity[]) {
    return bulkInsert(
      manager,
      'survey_links',
      LINK_COLUMNS,
      links.map((l) => [
        l.id,
        l.campaignId,
        l.accountId,
        l.contactId,
        l.tokenHash,
        l.status,
        l.locale,
        l.draft,
        l.expiresAt,
        l.openedAt,
        l.submittedAt,
        l.createdAt,
        l.version,
      ]),
    );
  }

  /** The link of a token hash with its campaign, or null. */
  async linkByHash(tokenHash: string): Promise<LinkRow | null> {
    if (!this.postgres) {
      const row = this.sqlite.linkByHash.get(tokenHash);
      return row ? toLinkRow(row) : null;
    }
    return new Promise<LinkRow | null>((resolve, reject) => {
      if (this.queuedLookups.size === 0) setImmediate(() => void this.lookUpQueued());
      const waiting = this.queuedLookups.get(tokenHash);
      if (waiting) waiting.push({ resolve, reject });
      else this.queuedLookups.set(tokenHash, [{ resolve, reject }]);
    });
  }

  /**
   * PostgreSQL: the token lookups of one event-loop turn in one query. Each round trip costs this process
   * 70–100 µs of loopback socket writes (measured on the public submit), and the requests of a turn come
   * together (the rate limiter answers them at once).
   */
  private async lookUpQueued(): Promise<void> {
    const lookups = this.queuedLookups;
    this.queuedLookups = new Map();
    try {
      const { rows } = await this.pool.query<Record<string, unknown>>({
        name: 'survey_links_by_hash',
        text: LINKS_BY_HASH_PG,
        values: [[...lookups.keys()]],
      });
      const found = new Map(rows.map((row) => [row.token_hash as string, toLinkRow(row)]));
      for (const [hash, waiting] of lookups) for (const w of waiting) w.resolve(found.get(hash) ?? null);
    } catch (error) {
      for (const waiting of lookups.values()) for (const w of waiting) w.reject(error);
    }
  }

  /** Records the first opening only. */
  async markOpened(linkId: string, at: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(SurveyLinkEntity)
      .set({ openedAt: at })
      .where('id = :linkId AND opened_at IS NULL', { linkId })
      .execute();
  }

  /** Saves draft answers while the link is open; false once it has been submitted. */
  async saveLinkDraft(linkId: string, draft: string, at: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(SurveyLinkEntity)
      .set({ draft, openedAt: () => 'COALESCE(opened_at, :at)', version: () => 'version + 1' })
      .where("id = :linkId AND status = 'open'", { linkId, at })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /**
   * The final submit: claims the link (open → submitted) and stores its response atomically; false, with
   * nothing written, when the link was no longer open (another submit got there first). Written at the end
   * of the event-loop turn with the turn's other final submits: one transaction on SQLite, one statement (a
   * data-modifying CTE) on PostgreSQL.
   */
  async submit(response: SurveyResponseEntity): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      if (this.queuedSubmits.push({ response, resolve, reject }) === 1)
        setImmediate(() => void this.commitQueuedSubmits());
    });
  }

  /**
   * The final submits of one event-loop turn together: one commit instead of one each on SQLite (the
   * rate limiter answers a turn's requests together: about ten per turn under load, and a group commit
   * costs each a third less), one statement and round trip instead of one each on PostgreSQL. If a
   * statement fails nothing of the group is written and each goes alone, so a failure is only its own.
   */
  private async commitQueuedSubmits(): Promise<void> {
    const queued = this.queuedSubmits;
    this.queuedSubmits = [];
    // One write takes distinct links; a link's later submits of the turn go after it, each alone.
    const links = new Set<string>();
    const group: QueuedSubmit[] = [];
    const later: QueuedSubmit[] = [];
    for (const q of queued) {
      const first = !links.has(q.response.linkId);
      links.add(q.response.linkId);
      (first ? group : later).push(q);
    }
    try {
      const claimed = await this.submitGroup(group.map((q) => q.response));
      group.forEach((q, i) => q.resolve(claimed[i]!));
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else for (const q of group) await this.submitAlone(q);
    }
    for (const q of later) await this.submitAlone(q);
  }

  /** One submit in a write of its own; whatever happens, only its own promise hears of it. */
  private submitAlone(q: QueuedSubmit): Promise<void> {
    return this.submitGroup([q.response]).then(([claimed]) => q.resolve(claimed!), q.reject);
  }

  /**
   * Claims the link of each response (distinct links) and stores it; false where the link was no longer
   * open. All or nothing.
   */
  private async submitGroup(responses: SurveyResponseEntity[]): Promise<boolean[]> {
    if (!this.postgres) return this.onConnection(() => this.sqlite.submitAll(responses));
    const { rows } = await this.pool.query<{ link_id: string }>({
      name: 'survey_submit',
      text: CLOSE_LINKS_WITH_RESPONSES_PG,
      values: [
        responses.map((r) => r.id),
        responses.map((r) => r.campaignId),
        responses.map((r) => r.accountId),
        responses.map((r) => r.linkId),
        responses.map((r) => r.data),
        responses.map((r) => r.submittedAt),
      ],
    });
    const claimedLinks = new Set(rows.map((row) => row.link_id));
    return responses.map((r) => claimedLinks.has(r.linkId));
  }

  /**
   * Runs a synchronous transaction on the SQLite connection: nothing else in this process runs between its
   * BEGIN and COMMIT. While a unit of work is between its own (awaited) statements, the connection is in
   * its transaction: queue behind it instead, like any unit of work.
   */
  private onConnection<T>(work: () => T): Promise<T> {
    if (this.sqlite.db.inTransaction) return this.unitOfWork.transaction(async () => work());
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The stored answers of a campaign, of one account or all, oldest first. */
  responses(campaignId: string, accountId?: string) {
    return this.dataSource.getRepository(SurveyResponseEntity).find({
      select: { accountId: true, data: true },
      where: accountId ? { campaignId, accountId } : { campaignId },
      order: { submittedAt: 'ASC', id: 'ASC' },
    });
  }

  responseCount(campaignId: string, accountId: string) {
    return this.dataSource.getRepository(SurveyResponseEntity).countBy({ campaignId, accountId });
  }

  /** Links, openings and final answers per account of a campaign. */
  async linkCounts(campaignId: string): Promise<LinkCounts[]> {
    const rows: {
      account_id: string;
      contacts: string | number;
      opened: string | number;
      submitted: string | number;
    }[] = await this.dataSource
      .getRepository(SurveyLinkEntity)
      .createQueryBuilder('l')
      .select('l.account_id', 'account_id')
      .addSelect('COUNT(*)', 'contacts')
      .addSelect('COUNT(l.opened_at)', 'opened')
      .addSelect("SUM(CASE WHEN l.status = 'submitted' THEN 1 ELSE 0 END)", 'submitted')
      .where('l.campaign_id = :campaignId', { campaignId })
      .groupBy('l.account_id')
      .getRawMany();
    return rows.map((r) => ({
      accountId: r.account_id,
      contacts: Number(r.contacts),
      opened: Number(r.opened),
      submitted: Number(r.submitted),
    }));
  }
}
