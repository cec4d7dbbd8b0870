import { Workbook } from 'exceljs';
import { escapeSpreadsheetCell, type ExportCell } from './escape-spreadsheet-cell.util';

/** One worksheet, a bold frozen header row, every text cell formula-escaped; numbers stay numeric cells. */
export async function writeXlsx(
  sheetName: string,
  rows: readonly (readonly ExportCell[])[],
): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'Keyscore';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  rows.forEach((row) => sheet.addRow(row.map((cell) => escapeSpreadsheetCell(cell))));
  if (rows.length) sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
