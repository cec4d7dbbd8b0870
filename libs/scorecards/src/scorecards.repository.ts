import { Injectable } from '@nestjs/common';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import {
  AccountEntity,
  AccountScorecardOverrideEntity,
  AccountTargetEntity,
  AdjustmentEntity,
  CycleScoreEntity,
  DocumentEntity,
  DocumentVersionEntity,
  MetricValueEntity,
  PersonEntity,
  ReviewCycleEntity,
  bulkInsert,
  latestPublished,
} from '@keyscore/persistence';
import type { DefinitionPin } from '@keyscore/scoring';
import type { ScoringValueRow } from './scorecard-input.util';

/** Ids per IN list: well under every driver's parameter limit. */
const IN_CHUNK = 500;

async function inChunks<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) rows.push(...(await read(ids.slice(i, i + IN_CHUNK))));
  return rows;
}

/**
 * Every query the scorecard side needs: an account's values over periods, its targets and overrides, the
 * published scorecard template versions, and the templates open cycles pinned.
 */
@Injectable()
export class ScorecardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** An account's values over periods, as scoring reads them. */
  values(accountId: string, periods: string[]) {
    return this.valueRows([accountId], periods);
  }

  /**
   * What `values`, `targets`, `approvedAdjustments` and `override` read, for many accounts at once: four
   * queries per 500 accounts instead of four per account (a review cycle's compute steps).
   */
  async inputsOf(accountIds: readonly string[], periods: string[], period: string) {
    const [values, targets, adjustments, overrides] = await Promise.all([
      inChunks(accountIds, (chunk) => this.valueRows(chunk, periods)),
      inChunks(accountIds, (chunk) =>
        this.dataSource.getRepository(AccountTargetEntity).find({
          where: { accountId: In(chunk), period },
          order: { accountId: 'ASC', kpiKey: 'ASC' },
        }),
      ),
      inChunks(accountIds, (chunk) =>
        this.dataSource.getRepository(AdjustmentEntity).find({
          where: { accountId: In(chunk), period, status: 'approved' },
          order: { createdAt: 'ASC', id: 'ASC' },
        }),
      ),
      inChunks(accountIds, (chunk) =>
        this.dataSource
          .getRepository(AccountScorecardOverrideEntity)
          .findBy({ accountId: In(chunk), period }),
      ),
    ]);
    return { values, targets, adjustments, overrides };
  }

  /**
   * Plain rows of the columns scoring reads: a cycle reads tens of thousands, and building an entity per
   * row cost more than the query.
   */
  private valueRows(accountIds: readonly string[], periods: readonly string[]) {
    return this.dataSource
      .getRepository(MetricValueEntity)
      .createQueryBuilder('v')
      .select('v.accountId', 'accountId')
      .addSelect('v.metricKey', 'metricKey')
      .addSelect('v.period', 'period')
      .addSelect('v.value', 'value')
      .addSelect('v.state', 'state')
      .addSelect('v.source', 'source')
      .addSelect('v.sourceRecordId', 'sourceRecordId')
      .where('v.accountId IN (:...accountIds)', { accountIds })
      .andWhere('v.period IN (:...periods)', { periods })
      .orderBy('v.accountId')
      .addOrderBy('v.metricKey')
      .addOrderBy('v.period')
      .addOrderBy('v.source')
      .getRawMany<ScoringValueRow>();
  }

  approvedAdjustments(accountId: string, period: string) {
    return this.dataSource.getRepository(AdjustmentEntity).find({
      where: { accountId, period, status: 'approved' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** An account's targets for a quarter; inside a transaction when `manager` is given. */
  targets(accountId: string, period: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findBy(AccountTargetEntity, { accountId, period });
  }

  upsertTargets(manager: EntityManager, targets: AccountTargetEntity[]) {
    return bulkInsert(
      manager,
      'account_targets',
      ['account_id', 'kpi_key', 'period', 'target', 'updated_at'],
      targets.map((t) => [t.accountId, t.kpiKey, t.period, t.target, t.updatedAt]),
      { onConflict: { columns: ['account_id', 'kpi_key', 'period'], update: ['target', 'updated_at'] } },
    );
  }

  /** An account's scorecard override for a quarter; inside a transaction when `manager` is given. */
  override(accountId: string, period: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOneBy(AccountScorecardOverrideEntity, { accountId, period });
  }

  /** Every account's override for a quarter (few: overrides are exceptions). */
  overridesForPeriod(period: string) {
    return this.dataSource.getRepository(AccountScorecardOverrideEntity).findBy({ period });
  }

  upsertOverride(manager: EntityManager, row: AccountScorecardOverrideEntity) {
    return bulkInsert(
      manager,
      'account_scorecard_overrides',
      ['account_id', 'period', 'content', 'updated_by', 'updated_at'],
      [[row.accountId, row.period, row.content, row.updatedBy, row.updatedAt]],
      {
        onConflict: {
          columns: ['account_id', 'period'],
          update: ['content', 'updated_by', 'updated_at'],
        },
      },
    );
  }

  async deleteOverride(manager: EntityManager, accountId: string, period: string): Promise<boolean> {
    const result = await manager.delete(AccountScorecardOverrideEntity, { accountId, period });
    return (result.affected ?? 0) > 0;
  }

  /**
   * A scorecard template document and one of its published versions (the given one, or its latest);
   * the version is null when there is none.
   */
  async templateVersion(key: string, version?: number) {
    const document = await this.dataSource
      .getRepository(DocumentEntity)
      .findOneBy({ kind: 'scorecard_template', key });
    const wanted = version ?? document?.publishedVersion;
    if (!document || !wanted) return document ? { document, version: null } : null;
    const found = await this.dataSource
      .getRepository(DocumentVersionEntity)
      .findOneBy({ documentId: document.id, version: wanted });
    return { document, version: found };
  }

  /**
   * The latest published version of every document of a kind that is not archived (KPIs new templates
   * may weigh, templates they may extend; the document store's check reads the same).
   */
  latestPublished(kind: 'kpi' | 'scorecard_template') {
    return latestPublished(this.dataSource, [kind]);
  }

  /**
   * The published versions a template version pinned; each must exist (a published version is never
   * deleted), or scoring with the template would silently differ from what was checked.
   */
  async definitionVersions(pins: readonly DefinitionPin[]) {
    const found = [];
    for (const pin of pins) {
      const row = await this.dataSource
        .getRepository(DocumentEntity)
        .createQueryBuilder('d')
        .innerJoin(DocumentVersionEntity, 'v', 'v.document_id = d.id')
        .select('v.content', 'content')
        .where('d.kind = :kind AND d.key = :key AND v.version = :version', pin)
        .getRawOne<{ content: string }>();
      if (!row) throw new Error(`pinned ${pin.kind} ${pin.key}@${pin.version} is missing`);
      found.push({ ...pin, content: row.content });
    }
    return found;
  }

  /** Every review cycle of a quarter, with what decides which one scores an account (its template pins). */
  quarterCycles(period: string) {
    return this.dataSource.getRepository(ReviewCycleEntity).find({
      select: { id: true, status: true, launchedAt: true, scope: true, templates: true },
      where: { period },
    });
  }

  /** Which cycles hold a stored score of which of these accounts for the quarter. */
  scoredCycles(accountIds: readonly string[], period: string) {
    return inChunks(accountIds, (chunk) =>
      this.dataSource.getRepository(CycleScoreEntity).find({
        select: { id: true, accountId: true, cycleId: true },
        where: { period, accountId: In(chunk) },
      }),
    );
  }

  /** Each account's manager's department (cycle scopes select accounts by it). */
  async managerDepartments(accountIds: readonly string[]): Promise<Map<string, string | null>> {
    const rows = await inChunks(accountIds, (chunk) =>
      this.dataSource
        .getRepository(AccountEntity)
        .createQueryBuilder('a')
        .leftJoin(PersonEntity, 'p', 'p.id = a.manager_id')
        .select('a.id', 'id')
        .addSelect('p.department_id', 'departmentId')
        .where('a.id IN (:...chunk)', { chunk })
        .getRawMany<{ id: string; departmentId: string | null }>(),
    );
    return new Map(rows.map((r) => [r.id, r.departmentId]));
  }

  /** The cycles of a quarter that are not closed (those still to score it), with their template pins. */
  openCycles(period: string) {
    return this.dataSource.getRepository(ReviewCycleEntity).find({
      select: { id: true, name: true, templates: true },
      where: { period, status: Not('closed') },
    });
  }
}
