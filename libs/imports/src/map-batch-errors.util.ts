import type { FieldError } from '@keyscore/i18n';
import type { ImportField } from './import-columns.constant';
import type { ImportIssue } from './imports.exception';
import type { ParsedImportRow } from './parse-import-rows.util';

const BATCH_POINTER = /^\/body\/rows\/(\d+)(?:\/(\w+))?$/;

/**
 * Errors of the batch write (`/body/rows/{i}/{field}`) in terms of the file: `/rows/{i}/{field}`, the line
 * and the cell, the message prefixed with both so it reads on its own. Others pass with line 0.
 */
export function mapBatchErrors(
  errors: readonly FieldError[],
  rows: readonly ParsedImportRow[],
): ImportIssue[] {
  return errors.map((error) => {
    const match = BATCH_POINTER.exec(error.pointer);
    const row = match ? rows[Number(match[1])] : undefined;
    if (!match || !row) return { pointer: error.pointer, line: 0, message: error.message };
    const field = match[2] as ImportField | undefined;
    const cell = field ? row.cells[field] : undefined;
    const where = cell
      ? { en: `Line ${row.line}, cell ${cell}: `, 'zh-CN': `第 ${row.line} 行 ${cell} 单元格：` }
      : { en: `Line ${row.line}: `, 'zh-CN': `第 ${row.line} 行：` };
    return {
      pointer: `/rows/${row.index}${field ? `/${field}` : ''}`,
      line: row.line,
      ...(cell ? { cell } : {}),
      message: { en: where.en + error.message.en, 'zh-CN': where['zh-CN'] + error.message['zh-CN'] },
    };
  });
}
