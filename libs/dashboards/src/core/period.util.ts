/** Periods as the metric store writes them: `2026-Q3` (quarter) or `2026-07` (month). */
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type PeriodKind = 'quarter' | 'month';

export function periodKindOf(period: string): PeriodKind | null {
  return QUARTER.test(period) ? 'quarter' : MONTH.test(period) ? 'month' : null;
}

function toIndex(period: string): { kind: PeriodKind; index: number } | null {
  const q = QUARTER.exec(period);
  if (q) return { kind: 'quarter', index: Number(q[1]) * 4 + Number(q[2]) - 1 };
  const m = MONTH.exec(period);
  if (m) return { kind: 'month', index: Number(m[1]) * 12 + Number(m[2]) - 1 };
  return null;
}

function fromIndex(kind: PeriodKind, index: number): string {
  if (kind === 'quarter') return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The period `offset` periods before this one (negative: after). */
export function shiftPeriod(period: string, offset: number): string {
  const at = toIndex(period);
  return at ? fromIndex(at.kind, at.index - offset) : period;
}

/** The `count` periods ending with `period`, oldest first. */
export function periodsUpTo(period: string, count: number): string[] {
  return Array.from({ length: Math.max(1, count) }, (_, i) => shiftPeriod(period, count - 1 - i));
}

/** The same period one year earlier. */
export function lastYear(period: string): string {
  const kind = periodKindOf(period);
  return kind === 'quarter' ? shiftPeriod(period, 4) : kind === 'month' ? shiftPeriod(period, 12) : period;
}

/** The quarter a period falls in (a quarter is its own). */
export function quarterOf(period: string): string {
  const m = MONTH.exec(period);
  return m ? `${m[1]}-Q${Math.floor((Number(m[2]) - 1) / 3) + 1}` : period;
}
