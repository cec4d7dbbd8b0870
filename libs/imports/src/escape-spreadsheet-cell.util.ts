/** A value as it goes into an exported cell: numbers stay numbers, blanks stay blank. */
export type ExportCell = string | number | null;

/** Characters that make Excel, LibreOffice or Sheets read a text cell as a formula (OWASP CSV injection). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Neutralises formula injection: a text cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading
 * `'`, so spreadsheets show it as text. Numbers are not text (a negative number stays a number).
 */
export function escapeSpreadsheetCell(cell: ExportCell): ExportCell {
  if (typeof cell !== 'string' || cell === '') return cell;
  return FORMULA_TRIGGERS.has(cell[0]!) ? `'${cell}` : cell;
}
