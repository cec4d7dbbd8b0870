import type { RollupRule, ValueState } from '@keyscore/persistence';

export interface PeriodValue {
  period: string;
  value: number | null;
  state: ValueState;
}

export interface RolledUp {
  value: number | null;
  state: ValueState;
  /** How many of the expected sub-periods had a usable value. */
  known: number;
  expected: number;
}

/**
 * Rolls monthly values up to a longer period by the metric's rule. Only actual and estimated values count;
 * a period with gaps is `pending` (a partial sum is not a result), one with any estimate is `estimated`.
 * Nothing known at all gives a null value rather than a zero.
 */
export function rollUp(
  rule: RollupRule,
  expectedPeriods: readonly string[],
  values: readonly PeriodValue[],
): RolledUp {
  const relevant = values.filter((v) => expectedPeriods.includes(v.period));
  const usable = relevant
    .filter(
      (v) =>
        expectedPeriods.includes(v.period) &&
        v.value !== null &&
        (v.state === 'actual' || v.state === 'estimated'),
    )
    .sort((a, b) => a.period.localeCompare(b.period));
  const expected = expectedPeriods.length;
  if (!usable.length) {
    const allNotApplicable = relevant.length > 0 && relevant.every((v) => v.state === 'not_applicable');
    return { value: null, state: allNotApplicable ? 'not_applicable' : 'pending', known: 0, expected };
  }
  const numbers = usable.map((v) => v.value as number);
  const value =
    rule === 'sum'
      ? numbers.reduce((a, b) => a + b, 0)
      : rule === 'average'
        ? numbers.reduce((a, b) => a + b, 0) / numbers.length
        : numbers[numbers.length - 1]!;
  const complete = usable.length === expected;
  const state: ValueState = !complete
    ? 'pending'
    : usable.some((v) => v.state === 'estimated')
      ? 'estimated'
      : 'actual';
  return { value, state, known: usable.length, expected };
}
