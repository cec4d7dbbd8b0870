import { parse } from 'csv-parse';
import { Workbook, type CellValue } from 'exceljs';
import type { RawCell } from './parse-cell-number.util';

/** One non-blank line of a sheet: its spreadsheet row number and its cells (index 0 = column A). */
export interface SheetRow {
  line: number;
  cells: RawCell[];
}

export const CSV_MEDIA_TYPE = 'text/csv';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export type UploadKind = 'csv' | 'xlsx';

/** The file could not be read as what it claims to be; `line` when the parser knows where. */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/**
 * UTF-8 (with or without BOM) first; Excel's "CSV" in a Chinese locale saves GB18030, which would be
 * mojibake as UTF-8, so a file that is not valid UTF-8 is read as GB18030.
 */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function isBlank(cells: readonly RawCell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

/** CSV records → rows; record n is spreadsheet row n (a quoted line break stays in its cell, as in Excel). */
export function readCsv(bytes: Buffer): Promise<SheetRow[]> {
  return new Promise((resolve, reject) => {
    parse(
      decodeText(bytes),
      { bom: true, relax_column_count: true, skip_empty_lines: false },
      (error, records: string[][] | undefined) => {
        if (error) {
          const line = (error as Error & { lines?: number }).lines;
          reject(new UnreadableFileError(error.message, line));
          return;
        }
        resolve(
          (records ?? [])
            .map((cells, i) => ({ line: i + 1, cells: cells.map((c) => (c === '' ? null : c)) }))
            .filter((row) => !isBlank(row.cells)),
        );
      },
    );
  });
}

/** What a cell shows: formulas by their cached result, rich text and links by their text. */
export function cellText(value: CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return value.error;
  if ('result' in value) return cellText(value.result ?? null);
  return null;
}

/** The first worksheet's non-blank rows. */
export async function readXlsx(bytes: Buffer): Promise<SheetRow[]> {
  const workbook = new Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; JSZip underneath reads either.
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    await workbook.xlsx.load(copy);
  } catch (error) {
    throw new UnreadableFileError(error instanceof Error ? error.message : String(error));
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: RawCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    const dense = Array.from(cells, (c) => c ?? null);
    if (!isBlank(dense)) rows.push({ line: row.number, cells: dense });
  });
  return rows;
}

export function readUpload(kind: UploadKind, bytes: Buffer): Promise<SheetRow[]> {
  return kind === 'csv' ? readCsv(bytes) : readXlsx(bytes);
}
