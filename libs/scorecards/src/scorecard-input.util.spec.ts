import type { MetricValueEntity } from '@keyscore/persistence';
import { periodsForScoring, quarterBefore, toPeriodMetrics } from './scorecard-input.util';

const row = (over: Partial<MetricValueEntity>): MetricValueEntity => ({
  id: 'x',
  accountId: 'a',
  metricKey: 'revenue',
  period: '2026-Q3',
  periodKind: 'quarter',
  value: 1,
  state: 'actual',
  source: 'import',
  sourceRecordId: null,
  recordedAt: '2026-11-27T00:00:00.000Z',
  version: 1,
  ...over,
});

describe('scorecard input', () => {
  it.each([
    ['2026-Q3', 0, '2026-Q3'],
    ['2026-Q3', 4, '2025-Q3'],
    ['2026-Q1', 1, '2025-Q4'],
    ['2026-Q2', 6, '2024-Q4'],
  ])('quarterBefore(%s, %i) = %s', (period, offset, expected) => {
    expect(quarterBefore(period, offset)).toBe(expected);
  });

  it('reads the scored quarter and the four before it', () => {
    expect(periodsForScoring('2026-Q3')).toEqual(['2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3']);
  });

  it('keeps the highest-precedence source: a manual correction beats an import, an import beats a roll-up', () => {
    const metrics = toPeriodMetrics([
      row({ source: 'rollup', value: 10 }),
      row({ source: 'import', value: 20, sourceRecordId: 'crm-7' }),
      row({ metricKey: 'profit', source: 'rollup', value: 3 }),
      row({ metricKey: 'orders', source: 'import', value: 5 }),
      row({ metricKey: 'orders', source: 'manual', value: 6, state: 'estimated' }),
    ]);
    expect(metrics['2026-Q3']).toEqual({
      revenue: { value: 20, state: 'actual', source: 'import', sourceRecordIds: ['crm-7'] },
      profit: { value: 3, state: 'actual', source: 'rollup', sourceRecordIds: [] },
      orders: { value: 6, state: 'estimated', source: 'manual', sourceRecordIds: [] },
    });
  });
});
