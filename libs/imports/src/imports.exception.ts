import { AppException } from '@keyscore/http';
import { format, type Bilingual } from '@keyscore/i18n';

export enum ImportsErrorCode {
  UnsupportedType = 'imports.unsupported_type',
  EmptyFile = 'imports.empty_file',
  UnreadableFile = 'imports.unreadable_file',
  MissingColumns = 'imports.missing_columns',
  TooManyRows = 'imports.too_many_rows',
  Rejected = 'imports.rejected',
  InvalidIdempotencyKey = 'imports.invalid_idempotency_key',
  Required = 'imports.required',
  NotANumber = 'imports.not_a_number',
  InvalidPeriod = 'imports.invalid_period',
  InvalidState = 'imports.invalid_state',
  InvalidSource = 'imports.invalid_source',
  TooLong = 'imports.too_long',
  UnknownAccount = 'imports.unknown_account',
  UnknownMetric = 'imports.unknown_metric',
  MetricOutOfScope = 'imports.metric_out_of_scope',
  ValueRequired = 'imports.value_required',
  DuplicateRow = 'imports.duplicate_row',
}

export const IMPORTS_MESSAGES: Record<ImportsErrorCode, Bilingual> = {
  [ImportsErrorCode.UnsupportedType]: {
    en: 'Send the file as text/csv or as an Excel workbook (.xlsx, {xlsx}).',
    'zh-CN': '请以 text/csv 或 Excel 工作簿（.xlsx，{xlsx}）格式上传文件。',
  },
  [ImportsErrorCode.EmptyFile]: {
    en: 'The file has no data rows (the first non-blank row is the header).',
    'zh-CN': '文件中没有数据行（第一个非空行为表头）。',
  },
  [ImportsErrorCode.UnreadableFile]: {
    en: 'The file cannot be read as {kind}: {reason}',
    'zh-CN': '无法按 {kind} 格式读取文件：{reason}',
  },
  [ImportsErrorCode.MissingColumns]: {
    en: 'The header row (line {line}) lacks the column(s) {columns}.',
    'zh-CN': '表头（第 {line} 行）缺少列：{columns}。',
  },
  [ImportsErrorCode.TooManyRows]: {
    en: 'The file has {count} data rows; at most {limit} can be imported at once.',
    'zh-CN': '文件有 {count} 行数据，一次最多导入 {limit} 行。',
  },
  [ImportsErrorCode.Rejected]: {
    en: 'Nothing was imported: {count} row(s) have errors.',
    'zh-CN': '未导入任何数据：{count} 行有错误。',
  },
  [ImportsErrorCode.InvalidIdempotencyKey]: {
    en: 'Idempotency-Key must be 1 to 200 visible ASCII characters.',
    'zh-CN': 'Idempotency-Key 须为 1 至 200 个可见 ASCII 字符。',
  },
  [ImportsErrorCode.Required]: {
    en: 'Line {line}, cell {cell}: must not be blank.',
    'zh-CN': '第 {line} 行 {cell} 单元格：不能为空。',
  },
  [ImportsErrorCode.NotANumber]: {
    en: 'Line {line}, cell {cell}: "{value}" is not a number (write e.g. 1234.5, 1,234.5 or 12%).',
    'zh-CN': '第 {line} 行 {cell} 单元格：“{value}”不是数字（例如 1234.5、1,234.5 或 12%）。',
  },
  [ImportsErrorCode.InvalidPeriod]: {
    en: 'Line {line}, cell {cell}: "{value}" is not a period (write 2026, 2026-Q3 or 2026-07).',
    'zh-CN': '第 {line} 行 {cell} 单元格：“{value}”不是有效期间（例如 2026、2026-Q3 或 2026-07）。',
  },
  [ImportsErrorCode.InvalidState]: {
    en: 'Line {line}, cell {cell}: "{value}" is not a state ({allowed}).',
    'zh-CN': '第 {line} 行 {cell} 单元格：“{value}”不是有效状态（{allowed}）。',
  },
  [ImportsErrorCode.InvalidSource]: {
    en: 'Line {line}, cell {cell}: "{value}" is not a source ({allowed}).',
    'zh-CN': '第 {line} 行 {cell} 单元格：“{value}”不是有效来源（{allowed}）。',
  },
  [ImportsErrorCode.TooLong]: {
    en: 'Line {line}, cell {cell}: longer than {max} characters.',
    'zh-CN': '第 {line} 行 {cell} 单元格：超过 {max} 个字符。',
  },
  [ImportsErrorCode.UnknownAccount]: {
    en: 'Line {line}, cell {cell}: no account with code "{value}".',
    'zh-CN': '第 {line} 行 {cell} 单元格：客户编码“{value}”不存在。',
  },
  [ImportsErrorCode.UnknownMetric]: {
    en: 'Line {line}, cell {cell}: no metric with key "{value}".',
    'zh-CN': '第 {line} 行 {cell} 单元格：数据项“{value}”不存在。',
  },
  [ImportsErrorCode.MetricOutOfScope]: {
    en: 'Line {line}, cell {cell}: this API key may not write the metric "{value}".',
    'zh-CN': '第 {line} 行 {cell} 单元格：此 API 密钥无权写入数据项“{value}”。',
  },
  [ImportsErrorCode.ValueRequired]: {
    en: 'Line {line}, cell {cell}: a value is required when the state is "{value}".',
    'zh-CN': '第 {line} 行 {cell} 单元格：状态为“{value}”时必须填写数值。',
  },
  [ImportsErrorCode.DuplicateRow]: {
    en: 'Line {line}: the same account, metric, period and source already appear on line {value}.',
    'zh-CN': '第 {line} 行：与第 {value} 行的客户、数据项、期间和来源重复。',
  },
};

/** One problem with one row of a file: where it is in the parsed rows, on which line and in which cell. */
export interface ImportIssue {
  /** `/rows/{index}/{field}` (or `/rows/{index}` for the whole row). */
  pointer: string;
  line: number;
  /** `D5`; absent when the issue is about the whole row. */
  cell?: string;
  message: Bilingual;
}

export function importMessage(code: ImportsErrorCode, params: Record<string, string | number>): Bilingual {
  const text = IMPORTS_MESSAGES[code];
  return { en: format(text.en, params), 'zh-CN': format(text['zh-CN'], params) };
}

/** A problem with the file as a whole (unreadable, no header, too many rows, wrong type). */
export class ImportFileException extends AppException {
  constructor(status: number, code: ImportsErrorCode, params: Record<string, string | number> = {}) {
    const message = importMessage(code, params);
    super(status, code, message, [{ pointer: '/body', message }]);
  }
}

/** Some rows are bad: nothing was written, each issue names its line and cell. */
export class ImportRowsException extends AppException {
  constructor(
    readonly issues: ImportIssue[],
    badRows: number,
  ) {
    super(
      422,
      ImportsErrorCode.Rejected,
      IMPORTS_MESSAGES[ImportsErrorCode.Rejected],
      issues.map(({ pointer, message }) => ({ pointer, message })),
      { count: badRows },
    );
  }
}

export class InvalidIdempotencyKeyException extends AppException {
  constructor() {
    const message = IMPORTS_MESSAGES[ImportsErrorCode.InvalidIdempotencyKey];
    super(422, ImportsErrorCode.InvalidIdempotencyKey, message, [
      { pointer: '/headers/idempotency-key', message },
    ]);
  }
}
