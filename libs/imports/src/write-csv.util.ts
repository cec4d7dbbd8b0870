import { escapeSpreadsheetCell, type ExportCell } from './escape-spreadsheet-cell.util';

/** The UTF-8 byte order mark: without it Excel reads a CSV as the local code page and garbles Chinese. */
const BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;

function csvField(cell: ExportCell): string {
  const escaped = escapeSpreadsheetCell(cell);
  if (escaped === null) return '';
  if (typeof escaped === 'number') return Number.isFinite(escaped) ? String(escaped) : '';
  return NEEDS_QUOTES.test(escaped) ? `"${escaped.replace(/"/g, '""')}"` : escaped;
}

/** RFC 4180 CSV (quotes doubled, CRLF line ends) in UTF-8 with a BOM; every cell formula-escaped. */
export function writeCsv(rows: readonly (readonly ExportCell[])[]): Buffer {
  const text = rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
  return Buffer.from(BOM + text, 'utf8');
}
