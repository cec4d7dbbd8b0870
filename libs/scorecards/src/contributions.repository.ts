import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ContributionSplitEntity, bulkInsert } from '@keyscore/persistence';

/** Every query on contribution splits. */
@Injectable()
export class ContributionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(accountId: string, period: string) {
    return this.dataSource.getRepository(ContributionSplitEntity).findOneBy({ accountId, period });
  }

  forPeriod(period: string) {
    return this.dataSource.getRepository(ContributionSplitEntity).findBy({ period });
  }

  upsert(manager: EntityManager, split: ContributionSplitEntity) {
    return bulkInsert(
      manager,
      'contribution_splits',
      ['account_id', 'period', 'mode', 'overlay_cap', 'shares', 'updated_at', 'version'],
      [
        [
          split.accountId,
          split.period,
          split.mode,
          split.overlayCap,
          split.shares,
          split.updatedAt,
          split.version,
        ],
      ],
      {
        onConflict: {
          columns: ['account_id', 'period'],
          update: ['mode', 'overlay_cap', 'shares', 'updated_at'],
        },
      },
    );
  }
}
