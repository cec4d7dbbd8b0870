import type { MetricValueEntity, ValueSource } from '@keyscore/persistence';
import type { MetricValue, PeriodMetrics } from '@keyscore/scoring';

/** When several sources give a value for the same metric and period, the first in this list counts. */
export const SCORING_SOURCE_PRECEDENCE: readonly ValueSource[] = [
  'manual',
  'import',
  'connector',
  'survey',
  'rollup',
];

/** The quarter `offset` quarters before `2026-Q3`-style `period` (offset 4 = same quarter last year). */
export function quarterBefore(period: string, offset: number): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!match) return period;
  const index = Number(match[1]) * 4 + Number(match[2]) - 1 - offset;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** The scored quarter and the four before it: enough for growth targets, windows and "previous". */
export function periodsForScoring(period: string): string[] {
  return [0, 1, 2, 3, 4].map((offset) => quarterBefore(period, offset));
}

/** What scoring reads of a stored metric value (a cycle reads these columns as plain rows). */
export type ScoringValueRow = Pick<
  MetricValueEntity,
  'accountId' | 'metricKey' | 'period' | 'value' | 'state' | 'source' | 'sourceRecordId'
>;

/** Rows → period → metric → value, keeping the highest-precedence source per (period, metric). */
export function toPeriodMetrics(rows: readonly ScoringValueRow[]): Record<string, PeriodMetrics> {
  const best = new Map<string, ScoringValueRow>();
  const rank = (source: ValueSource) => SCORING_SOURCE_PRECEDENCE.indexOf(source);
  for (const row of rows) {
    const key = `${row.period}\u0000${row.metricKey}`;
    const current = best.get(key);
    if (!current || rank(row.source) < rank(current.source)) best.set(key, row);
  }
  const periods: Record<string, Record<string, MetricValue>> = {};
  for (const row of best.values()) {
    (periods[row.period] ??= {})[row.metricKey] = {
      value: row.value,
      state: row.state,
      source: row.source,
      sourceRecordIds: row.sourceRecordId ? [row.sourceRecordId] : [],
    };
  }
  return periods;
}
