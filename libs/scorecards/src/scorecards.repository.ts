import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AccountTargetEntity, AdjustmentEntity, MetricValueEntity, bulkInsert } from '@keyscore/persistence';

/** Every query the scorecard side needs: an account's values over periods, and its targets. */
@Injectable()
export class ScorecardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  values(accountId: string, periods: string[]) {
    return this.dataSource
      .getRepository(MetricValueEntity)
      .find({ where: { accountId, period: In(periods) } });
  }

  approvedAdjustments(accountId: string, period: string) {
    return this.dataSource.getRepository(AdjustmentEntity).find({
      where: { accountId, period, status: 'approved' },
      order: { createdAt: 'ASC' },
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
}
