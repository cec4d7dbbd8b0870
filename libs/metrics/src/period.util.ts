import type { PeriodKind } from '@keyscore/persistence';

export interface Period {
  kind: PeriodKind;
  year: number;
  /** 1–4; set for quarters and months. */
  quarter?: number;
  /** 1–12; set for months. */
  month?: number;
}

const PATTERN = /^(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?$/;

/** `2026` → year, `2026-Q3` → quarter, `2026-07` → month; null when the text is none of these. */
export function parsePeriod(text: string): Period | null {
  const match = PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[2]) return { kind: 'quarter', year, quarter: Number(match[2]) };
  if (match[3]) {
    const month = Number(match[3]);
    return { kind: 'month', year, month, quarter: Math.ceil(month / 3) };
  }
  return { kind: 'year', year };
}

export function quarterKey(year: number, quarter: number): string {
  return `${year}-Q${quarter}`;
}

export function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function monthsOfQuarter(year: number, quarter: number): string[] {
  return [1, 2, 3].map((i) => monthKey(year, (quarter - 1) * 3 + i));
}

export function monthsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => monthKey(year, i + 1));
}
