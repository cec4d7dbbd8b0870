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

/** A final submit waiting for the end of the event-loop turn (SQLite). */
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

const LINK_BY_HASH_SQL = `SELECT l.id, l.campaign_id, l.account_id, l.status, l.locale, l.draft, l.expires_at,
    l.opened_at, c.status AS campaign_status, c.name AS campaign_name, c.form_key, c.form_version, c.period
  FROM survey_links l INNER JOIN survey_campaigns c ON c.id = l.campaign_id
  WHERE l.token_hash = ?`;

const CLOSE_LINK_SQL = `UPDATE survey_links SET status = 'submitted', submitted_at = ?, draft = NULL,
    opened_at = COALESCE(opened_at, ?), version = version + 1
  WHERE id = ? AND status = 'open'`;

const INSERT_RESPONSE_SQL = `INSERT INTO survey_responses (id, campaign_id, account_id, link_id, data, submitted_at)
  VALUES (?, ?, ?, ?, ?, ?)`;

/** PostgreSQL: claims the link (open → submitted) and inserts its response in one atomic statement. */
const CLOSE_LINK_WITH_RESPONSE_PG = `WITH claimed AS (
    UPDATE survey_links SET status = 'submitted', submitted_at = $1, draft = NULL,
      opened_at = COALESCE(opened_at, $1), version = version + 1
    WHERE id = $2 AND status = 'open' RETURNING id
  )
  INSERT INTO survey_responses (id, campaign_id, account_id, link_id, data, submitted_at)
  SELECT $3, $4, $5, claimed.id, $6, $1 FROM claimed RETURNING id`;

/** `?` placeholders as the driver wants them: `$1, $2…` on PostgreSQL. */
function numbered(sql: string, postgres: boolean): string {
  let n = 0;
  return postgres ? sql.replace(/\?/g, () => `$${++n}`) : sql;
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
  /** SQLite: the final submits of the current event-loop turn, committed together at its end. */
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
    const r = this.postgres
      ? (
          await this.pool.query<Record<string, unknown>>({
            name: 'survey_link_by_hash',
            text: numbered(LINK_BY_HASH_SQL, true),
            values: [tokenHash],
          })
        ).rows[0]
      : this.sqlite.linkByHash.get(tokenHash);
    if (!r) return null;
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
   * nothing written, when the link was no longer open (another submit got there first). PostgreSQL: one
   * statement (a data-modifying CTE). SQLite: in one transaction with the other final submits of the same
   * event-loop turn, committed at its end.
   */
  async submit(response: SurveyResponseEntity): Promise<boolean> {
    if (this.postgres) {
      const { rows } = await this.pool.query({
        name: 'survey_submit',
        text: CLOSE_LINK_WITH_RESPONSE_PG,
        values: [
          response.submittedAt,
          response.linkId,
          response.id,
          response.campaignId,
          response.accountId,
          response.data,
        ],
      });
      return rows.length === 1;
    }
    return new Promise<boolean>((resolve, reject) => {
      if (this.queuedSubmits.push({ response, resolve, reject }) === 1)
        setImmediate(() => void this.commitQueuedSubmits());
    });
  }

  /**
   * SQLite: the final submits of one event-loop turn in one transaction, one commit instead of one each
   * (the rate limiter answers a turn's requests together: about ten per turn under load, and a group
   * commit costs each a third less). If a statement fails the group is rolled back and each goes alone,
   * so a failure is only its own submit's.
   */
  private async commitQueuedSubmits(): Promise<void> {
    const group = this.queuedSubmits;
    this.queuedSubmits = [];
    const submitAll = (responses: SurveyResponseEntity[]) => this.sqlite.submitAll(responses);
    try {
      const claimed = await this.onConnection(() => submitAll(group.map((q) => q.response)));
      group.forEach((q, i) => q.resolve(claimed[i]!));
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      for (const q of group) {
        await this.onConnection(() => submitAll([q.response])).then(
          ([claimed]) => q.resolve(claimed!),
          q.reject,
        );
      }
    }
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
