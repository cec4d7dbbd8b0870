import { Injectable } from '@nestjs/common';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import {
  AccountEntity,
  MetricEntity,
  MetricValueEntity,
  type PeriodKind,
  UnitOfWork,
  bulkInsert,
} from '@keyscore/persistence';

const NATURAL_KEY = ['account_id', 'metric_key', 'period', 'source'];
const UPDATED_ON_CONFLICT = ['value', 'state', 'source_record_id', 'recorded_at'];
const VALUE_COLUMNS = [
  'id',
  'account_id',
  'metric_key',
  'period',
  'period_kind',
  'value',
  'state',
  'source',
  'source_record_id',
  'recorded_at',
  'version',
];
// SQLite caps bound parameters per statement; 11 columns × 500 rows stays well under it.
const INSERT_CHUNK = 500;

/** Every query on metric definitions and metric values. */
@Injectable()
export class MetricsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  listMetrics() {
    return this.dataSource.getRepository(MetricEntity).find({ order: { key: 'ASC' } });
  }

  findMetric(key: string) {
    return this.dataSource.getRepository(MetricEntity).findOneBy({ key });
  }

  upsertMetric(metric: MetricEntity) {
    return this.dataSource.getRepository(MetricEntity).upsert(metric, ['key']);
  }

  async accountIdsByCode(codes: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < codes.length; i += INSERT_CHUNK) {
      const rows = await this.dataSource
        .getRepository(AccountEntity)
        .find({ select: { id: true, code: true }, where: { code: In(codes.slice(i, i + INSERT_CHUNK)) } });
      for (const row of rows) found.set(row.code, row.id);
    }
    return found;
  }

  /** Upserts on the natural key (account, metric, period, source) in one transaction: all rows or none. */
  /**
   * Roll-up rows, in their own transaction. Each carries the newest `recorded_at` of the values it was
   * computed from, and an existing row is replaced only by one computed from data at least as new: two
   * roll-up jobs finishing out of order cannot leave the older result behind.
   */
  upsertRollups(values: MetricValueEntity[]) {
    return this.unitOfWork.transaction((manager) =>
      this.upsertValuesIn(manager, values, { unlessNewer: true }),
    );
  }

  /** The current rows for these natural keys (a superset query, filtered by the caller). */
  async existingValues(manager: EntityManager, values: MetricValueEntity[]): Promise<MetricValueEntity[]> {
    const found: MetricValueEntity[] = [];
    const accounts = [...new Set(values.map((v) => v.accountId))];
    const metrics = [...new Set(values.map((v) => v.metricKey))];
    const periods = [...new Set(values.map((v) => v.period))];
    for (let i = 0; i < accounts.length; i += INSERT_CHUNK) {
      found.push(
        ...(await manager.find(MetricValueEntity, {
          where: {
            accountId: In(accounts.slice(i, i + INSERT_CHUNK)),
            metricKey: In(metrics),
            period: In(periods),
          },
        })),
      );
    }
    return found;
  }

  async upsertValuesIn(
    manager: EntityManager,
    values: MetricValueEntity[],
    options: { unlessNewer?: boolean } = {},
  ) {
    // On conflict the row keeps its id (and its version); only what was measured changes.
    await bulkInsert(
      manager,
      'metric_values',
      VALUE_COLUMNS,
      values.map((v) => [
        v.id,
        v.accountId,
        v.metricKey,
        v.period,
        v.periodKind,
        v.value,
        v.state,
        v.source,
        v.sourceRecordId,
        v.recordedAt,
        v.version,
      ]),
      {
        onConflict: {
          columns: NATURAL_KEY,
          update: UPDATED_ON_CONFLICT,
          ...(options.unlessNewer ? { unlessNewer: 'recorded_at' } : {}),
        },
      },
    );
  }

  async accountExists(id: string): Promise<boolean> {
    return (await this.dataSource.getRepository(AccountEntity).countBy({ id })) > 0;
  }

  listValues(accountId: string, filter: { metricKey?: string; periodKind?: PeriodKind }) {
    return this.dataSource.getRepository(MetricValueEntity).find({
      where: {
        accountId,
        ...(filter.metricKey ? { metricKey: filter.metricKey } : {}),
        ...(filter.periodKind ? { periodKind: filter.periodKind } : {}),
      },
      order: { metricKey: 'ASC', period: 'ASC', source: 'ASC' },
    });
  }

  /** Collected (not computed) values of one account and metric for the given periods. */
  collectedValues(accountId: string, metricKey: string, periods: string[]) {
    return this.dataSource.getRepository(MetricValueEntity).find({
      where: { accountId, metricKey, period: In(periods), source: Not('rollup') },
    });
  }
}
