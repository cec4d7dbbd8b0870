import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type MetricValueEntity, type ValueSource } from '@keyscore/persistence';
import { JobHandler, JobName, type JobPayloads } from '@keyscore/queue';
import { MetricsRepository } from './metrics.repository';
import { monthsOfQuarter, monthsOfYear, quarterKey } from './period.util';
import { rollUp } from './rollup.util';

const EPOCH = new Date(0).toISOString();

/** When two sources give a value for the same month, the first in this list counts. */
export const SOURCE_PRECEDENCE: readonly ValueSource[] = ['manual', 'import', 'connector', 'survey'];

/**
 * Rolls an account's monthly values of one metric up into the quarter and the year, by the metric's rule.
 * Idempotent: it recomputes from the database and upserts the `rollup` rows, so running twice is harmless.
 */
@Injectable()
export class RollupJob {
  constructor(private readonly repository: MetricsRepository) {}

  @JobHandler(JobName.MetricsRollup)
  async run({ accountId, metricKey, year, quarter }: JobPayloads[JobName.MetricsRollup]) {
    const metric = await this.repository.findMetric(metricKey);
    if (!metric || !(await this.repository.accountExists(accountId))) return { skipped: true };
    const months = monthsOfYear(year);
    const collected = preferredPerPeriod(await this.repository.collectedValues(accountId, metricKey, months));
    // The roll-up is as new as the newest value it reads (see MetricsRepository.upsertRollups).
    const recordedAt = collected.reduce(
      (newest, v) => (v.recordedAt > newest ? v.recordedAt : newest),
      EPOCH,
    );
    const results = [
      {
        period: quarterKey(year, quarter),
        kind: 'quarter' as const,
        ...rollUp(metric.rollup, monthsOfQuarter(year, quarter), collected),
      },
      { period: String(year), kind: 'year' as const, ...rollUp(metric.rollup, months, collected) },
    ];
    await this.repository.upsertRollups(
      results.map((r): MetricValueEntity => ({
        id: randomUUID(),
        accountId,
        metricKey,
        period: r.period,
        periodKind: r.kind,
        value: r.value,
        state: r.state,
        source: 'rollup',
        sourceRecordId: `${r.known}/${r.expected} months`,
        recordedAt,
        version: 1,
      })),
    );
    return { quarter: results[0]!.value, year: results[1]!.value };
  }
}

function preferredPerPeriod(values: MetricValueEntity[]): MetricValueEntity[] {
  const best = new Map<string, MetricValueEntity>();
  for (const value of values) {
    const current = best.get(value.period);
    if (!current || SOURCE_PRECEDENCE.indexOf(value.source) < SOURCE_PRECEDENCE.indexOf(current.source)) {
      best.set(value.period, value);
    }
  }
  return [...best.values()];
}
