/** Period keys as the metrics store writes them: '2026' (year), '2026-Q3' (quarter), '2026-07' (month). */
const PATTERN = /^(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?$/;

interface ParsedPeriod {
  readonly kind: 'year' | 'quarter' | 'month';
  readonly year: number;
  /** Quarter 1–4, month 1–12, 0 for a year. */
  readonly index: number;
}

export function parsePeriodKey(key: string): ParsedPeriod | null {
  const m = PATTERN.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return { kind: 'quarter', year, index: Number(m[2]) };
  if (m[3]) return { kind: 'month', year, index: Number(m[3]) };
  return { kind: 'year', year, index: 0 };
}

function format(kind: ParsedPeriod['kind'], year: number, index: number): string {
  if (kind === 'year') return String(year);
  if (kind === 'quarter') return `${year}-Q${index}`;
  return `${year}-${String(index).padStart(2, '0')}`;
}

/** The period `n` steps before `key` of the same kind (n = 1: the previous quarter); null if not a period. */
export function shiftPeriod(key: string, n: number): string | null {
  const p = parsePeriodKey(key);
  if (!p) return null;
  if (p.kind === 'year') return format('year', p.year - n, 0);
  const per = p.kind === 'quarter' ? 4 : 12;
  const ordinal = p.year * per + (p.index - 1) - n;
  return format(p.kind, Math.floor(ordinal / per), (((ordinal % per) + per) % per) + 1);
}

/** The same period one year earlier ('2026-Q2' → '2025-Q2'). */
export function samePeriodLastYear(key: string): string | null {
  const p = parsePeriodKey(key);
  return p ? format(p.kind, p.year - 1, p.index) : null;
}

/** The last `n` periods ending with `key`, oldest first. */
export function windowPeriods(key: string, n: number): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const k = shiftPeriod(key, i);
    if (k) out.push(k);
  }
  return out;
}
