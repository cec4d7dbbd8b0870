/** What a spreadsheet cell held: text, a number, or nothing. */
export type RawCell = string | number | null;

export type ParsedNumber = { ok: true; value: number | null } | { ok: false };

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/**
 * A value cell as a number: numbers as they are, blanks → null, text like `1,234.5` (thousands separators),
 * `12%` (→ 0.12) or ` 7 `. Anything else is not a number.
 */
export function parseCellNumber(cell: RawCell): ParsedNumber {
  if (cell === null) return { ok: true, value: null };
  if (typeof cell === 'number') return Number.isFinite(cell) ? { ok: true, value: cell } : { ok: false };
  let text = cell.trim();
  if (text === '') return { ok: true, value: null };
  const percent = text.endsWith('%');
  if (percent) text = text.slice(0, -1).trim();
  if (GROUPED.test(text)) text = text.replace(/,/g, '');
  if (!PLAIN.test(text)) return { ok: false };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false };
  // 15 significant digits drop the float noise of the division (33.3% → 0.333, not 0.33299999999999996).
  return { ok: true, value: percent ? Number((value / 100).toPrecision(15)) : value };
}
