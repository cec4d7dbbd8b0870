import { ERROR_CODES, FormulaError, NUM, VALUE, errorFromIndex } from './errors';

/** A formula value: number, text, boolean, blank (null) or an error value. Dates are serial numbers. */
export type Value = number | string | boolean | null | FormulaError;

/** The static types the checker infers. `date` is a number that the editor shows as a date. */
export type ValueType = 'number' | 'text' | 'boolean' | 'date' | 'any' | 'error';

export function isError(v: Value): v is FormulaError {
  return v !== null && typeof v === 'object';
}

/** Normalises a host value (a field of a row) into a formula value; anything exotic becomes #VALUE!. */
export function toValue(x: unknown): Value {
  switch (typeof x) {
    case 'number':
      return x - x === 0 ? x : NUM;
    case 'string':
    case 'boolean':
      return x;
    case 'undefined':
      return null;
    case 'bigint':
      return toValue(Number(x));
    case 'object':
      if (x === null) return null;
      if (x instanceof Date) {
        const t = x.getTime();
        return Number.isNaN(t) ? VALUE : msToSerial(t);
      }
      if (isKnownError(x)) return x;
      return VALUE;
    default:
      return VALUE;
  }
}

function isKnownError(x: object): x is FormulaError {
  const e = x as Partial<FormulaError>;
  return (
    typeof e.index === 'number' &&
    e.index >= 0 &&
    e.index < ERROR_CODES.length &&
    errorFromIndex(e.index) === x
  );
}

// ---------------------------------------------------------------------------------------------
// Dates: Excel 1900 serials (serial 1 = 1900-01-01, 60 is Excel's fictitious 1900-02-29).

const DAY_MS = 86_400_000;
const EPOCH_1899_12_30 = Date.UTC(1899, 11, 30);

export function msToSerial(ms: number): number {
  const days = (ms - EPOCH_1899_12_30) / DAY_MS;
  // Before 1900-03-01 Excel is off by one because it believes 1900 was a leap year.
  return days < 61 ? days - 1 : days;
}

export function serialToMs(serial: number): number {
  const days = serial < 61 ? serial + 1 : serial;
  return EPOCH_1899_12_30 + days * DAY_MS;
}

/** DATE(y, m, d) with month/day overflow; undefined when out of Excel's range. */
export function dateSerial(year: number, month: number, day: number): number | undefined {
  let y = Math.trunc(year);
  if (y >= 0 && y < 1900) y += 1900;
  if (y < 0 || y > 9999) return undefined;
  const ms = Date.UTC(y, 0, 1) + 0; // anchor so Date.UTC does not treat 0..99 as 1900+
  const d = new Date(ms);
  d.setUTCFullYear(y, Math.trunc(month) - 1, Math.trunc(day));
  const serial = msToSerial(d.getTime());
  return serial < 0 || serial > 2958465 ? undefined : serial;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function serialToParts(serial: number): DateParts {
  const s = Math.floor(serial);
  if (s === 60) return { year: 1900, month: 2, day: 29 };
  if (s === 0) return { year: 1900, month: 1, day: 0 };
  const d = new Date(serialToMs(s));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

// ---------------------------------------------------------------------------------------------
// Coercion, as Excel does it for values passed to operators and functions.

const NUMBER_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?(?:[eE][+-]?\d+)?%?$/;
const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

/** Text → number the way Excel reads typed text: "1,234.5", "20%", "1e3", "2024-03-31". */
export function textToNumber(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  if (NUMBER_TEXT.test(s) && /\d/.test(s)) {
    const percent = s.endsWith('%');
    const n = Number((percent ? s.slice(0, -1) : s).replace(/,/g, ''));
    if (Number.isNaN(n)) return undefined;
    return percent ? n / 100 : n;
  }
  const m = ISO_DATE.exec(s);
  if (m) {
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
    return dateSerial(Number(m[1]), month, day);
  }
  return undefined;
}

/** Coerces to a number; returns the error value when it cannot. Blank is 0, TRUE is 1. */
export function toNumber(v: Value): number | FormulaError {
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string': {
      const n = textToNumber(v);
      return n === undefined ? VALUE : n;
    }
    default:
      return v === null ? 0 : v;
  }
}

/** Coerces to text; numbers use Excel's general format (15 significant digits). */
export function toText(v: Value): string | FormulaError {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatGeneral(v);
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    default:
      return v === null ? '' : v;
  }
}

export function toBoolean(v: Value): boolean | FormulaError {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'string': {
      const u = v.toUpperCase();
      if (u === 'TRUE') return true;
      if (u === 'FALSE') return false;
      return VALUE;
    }
    default:
      return v === null ? false : v;
  }
}

export function formatGeneral(n: number): string {
  if (n === 0) return '0';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const p = n.toPrecision(15);
  const e = p.indexOf('e');
  if (e < 0) return stripZeros(p);
  const mantissa = stripZeros(p.slice(0, e));
  const exp = Number(p.slice(e + 1));
  return `${mantissa}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  return s.replace(/\.?0+$/, '');
}

/** Rank of a type in Excel's comparison order: numbers < text < booleans. */
function rank(v: number | string | boolean): number {
  return typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2;
}

/**
 * Excel comparison: blank equals 0, "" or FALSE depending on the other side; text compares
 * case-insensitively; numbers < text < booleans. Returns -1, 0 or 1 (errors are handled by callers).
 */
export function compareValues(
  a: number | string | boolean | null,
  b: number | string | boolean | null,
): number {
  if (a === null) a = b === null ? 0 : typeof b === 'string' ? '' : typeof b === 'boolean' ? false : 0;
  if (b === null) b = typeof a === 'string' ? '' : typeof a === 'boolean' ? false : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ra === 1) {
    const x = (a as string).toLowerCase();
    const y = (b as string).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = a as number;
  const y = b as number;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Strict equality of two values for tests and caches (numbers by ===, errors by code). */
export function sameValue(a: Value, b: Value): boolean {
  if (isError(a) || isError(b)) return isError(a) && isError(b) && a.code === b.code;
  return a === b;
}

/** A printable form of a value, e.g. for logs and the benchmark. */
export function displayValue(v: Value): string {
  if (v === null) return '';
  if (isError(v)) return v.code;
  const t = toText(v);
  return typeof t === 'string' ? t : t.code;
}
