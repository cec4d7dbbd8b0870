import { rollUp, type PeriodValue } from './rollup.util';
import { monthsOfQuarter, parsePeriod } from './period.util';

const q3 = monthsOfQuarter(2026, 3);
const v = (period: string, value: number | null, state: PeriodValue['state'] = 'actual'): PeriodValue => ({
  period,
  value,
  state,
});

describe('rollUp', () => {
  it.each([
    ['sum', [v('2026-07', 10), v('2026-08', 20), v('2026-09', 30)], { value: 60, state: 'actual', known: 3 }],
    [
      'average',
      [v('2026-07', 90), v('2026-08', 80), v('2026-09', 85)],
      { value: 85, state: 'actual', known: 3 },
    ],
    ['last', [v('2026-09', 7), v('2026-07', 5), v('2026-08', 6)], { value: 7, state: 'actual', known: 3 }],
    [
      'sum',
      [v('2026-07', 10), v('2026-08', 20, 'estimated'), v('2026-09', 30)],
      { value: 60, state: 'estimated', known: 3 },
    ],
    ['sum', [v('2026-07', 10), v('2026-08', 20)], { value: 30, state: 'pending', known: 2 }],
    [
      'sum',
      [v('2026-07', null, 'pending'), v('2026-08', 5, 'sealed')],
      { value: null, state: 'pending', known: 0 },
    ],
    ['sum', [v('2026-07', null, 'not_applicable')], { value: null, state: 'not_applicable', known: 0 }],
    // Another quarter's not-applicable month says nothing about this one.
    ['sum', [v('2026-05', null, 'not_applicable')], { value: null, state: 'pending', known: 0 }],
    [
      'sum',
      [v('2026-06', 99), v('2026-07', 1), v('2026-08', 1), v('2026-09', 1)],
      { value: 3, state: 'actual', known: 3 },
    ],
  ] as const)('%s of %j', (rule, values, expected) => {
    expect(rollUp(rule, q3, values)).toEqual({ ...expected, expected: 3 });
  });
});

describe('parsePeriod', () => {
  it.each([
    ['2026', { kind: 'year', year: 2026 }],
    ['2026-Q3', { kind: 'quarter', year: 2026, quarter: 3 }],
    ['2026-07', { kind: 'month', year: 2026, month: 7, quarter: 3 }],
    ['2026-13', null],
    ['2026-Q5', null],
    ['26-01', null],
  ])('%s', (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });
});
