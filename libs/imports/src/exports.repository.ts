import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { MetricValueEntity } from '@keyscore/persistence';

/** Keeps each IN list well under SQLite's bound-parameter cap. */
const CHUNK = 500;

/** The queries of the exports that no other repository answers. */
@Injectable()
export class ExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every value (all sources) of these accounts for one period, in a stable order. */
  async valuesForPeriod(accountIds: readonly string[], period: string): Promise<MetricValueEntity[]> {
    const values: MetricValueEntity[] = [];
    for (let i = 0; i < accountIds.length; i += CHUNK) {
      values.push(
        ...(await this.dataSource.getRepository(MetricValueEntity).find({
          where: { accountId: In(accountIds.slice(i, i + CHUNK)), period },
          order: { accountId: 'ASC', metricKey: 'ASC', source: 'ASC' },
        })),
      );
    }
    return values;
  }
}
