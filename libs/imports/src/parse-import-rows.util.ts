import type { MetricValueRow } from '@keyscore/metrics';
import { VALUE_STATES } from '@keyscore/persistence';
import { WRITABLE_SOURCES } from '@keyscore/metrics';
import { cellRef } from './cell-ref.util';
import {
  fieldOfHeader,
  IMPORT_FIELDS,
  IMPORT_HEADERS,
  REQUIRED_FIELDS,
  SOURCE_ALIASES,
  STATE_ALIASES,
  type ImportField,
} from './import-columns.constant';
import { ImportFileException, importMessage, ImportsErrorCode, type ImportIssue } from './imports.exception';
import { parseCellNumber, type RawCell } from './parse-cell-number.util';
import type { SheetRow } from './read-upload.util';

/** A row as understood: what each column was read as (null where blank or unreadable). */
export interface ImportRowValues {
  accountCode: string | null;
  metricKey: string | null;
  period: string | null;
  value: number | null;
  state: string;
  source: string;
  sourceRecordId: string | null;
}

export interface ParsedImportRow {
  index: number;
  line: number;
  values: ImportRowValues;
  /** The cell each field was read from (`D5`); absent for a column the file does not have. */
  cells: Partial<Record<ImportField, string>>;
  issues: ImportIssue[];
}

const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
const MAX_LENGTH: Partial<Record<ImportField, number>> = {
  accountCode: 64,
  metricKey: 64,
  sourceRecordId: 200,
};

function asText(cell: RawCell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  const text = String(cell).trim();
  return text === '' ? null : text;
}

/** The header row: which column holds which field. Unknown columns are ignored (e.g. an account name). */
function readHeader(header: SheetRow): Map<ImportField, number> {
  const columns = new Map<ImportField, number>();
  header.cells.forEach((cell, i) => {
    const field = typeof cell === 'string' ? fieldOfHeader(cell) : undefined;
    if (field && !columns.has(field)) columns.set(field, i);
  });
  const missing = REQUIRED_FIELDS.filter((f) => !columns.has(f));
  if (missing.length) {
    throw new ImportFileException(422, ImportsErrorCode.MissingColumns, {
      line: header.line,
      columns: missing.map((f) => `${IMPORT_HEADERS[f].en} / ${IMPORT_HEADERS[f]['zh-CN']}`).join(', '),
    });
  }
  return columns;
}

/**
 * Reads a sheet (first non-blank row = header, English or Chinese column names) into rows with the
 * problems of each cell. Checks form only; whether accounts and metrics exist is `checkImportReferences`.
 */
export function parseImportRows(sheet: readonly SheetRow[]): ParsedImportRow[] {
  const [header, ...data] = sheet;
  if (!header) throw new ImportFileException(422, ImportsErrorCode.EmptyFile);
  const columns = readHeader(header);
  return data.map((row, index) => parseRow(row, index, columns));
}

function parseRow(row: SheetRow, index: number, columns: Map<ImportField, number>): ParsedImportRow {
  const cells: Partial<Record<ImportField, string>> = {};
  const raw: Partial<Record<ImportField, RawCell>> = {};
  for (const field of IMPORT_FIELDS) {
    const column = columns.get(field);
    if (column === undefined) continue;
    cells[field] = cellRef(column + 1, row.line);
    raw[field] = row.cells[column] ?? null;
  }
  const issues: ImportIssue[] = [];
  const issue = (field: ImportField, code: ImportsErrorCode, params: Record<string, string | number> = {}) =>
    issues.push({
      pointer: `/rows/${index}/${field}`,
      line: row.line,
      cell: cells[field],
      message: importMessage(code, { line: row.line, cell: cells[field] ?? '', ...params }),
    });

  const text = (field: ImportField): string | null => {
    const value = asText(raw[field]);
    const max = MAX_LENGTH[field];
    if (value !== null && max !== undefined && value.length > max) {
      issue(field, ImportsErrorCode.TooLong, { max });
      return null;
    }
    return value;
  };
  const required = (field: ImportField): string | null => {
    const value = text(field);
    if (value === null && !issues.some((i) => i.pointer.endsWith(`/${field}`)))
      issue(field, ImportsErrorCode.Required);
    return value;
  };

  const accountCode = required('accountCode');
  const metricKey = required('metricKey');
  let period = required('period');
  if (period !== null && !PERIOD.test(period)) {
    issue('period', ImportsErrorCode.InvalidPeriod, { value: period });
    period = null;
  }
  const number = parseCellNumber(raw.value ?? null);
  if (!number.ok) issue('value', ImportsErrorCode.NotANumber, { value: asText(raw.value) ?? '' });
  const stateText = text('state');
  const state = stateText === null ? 'actual' : (STATE_ALIASES[stateText] ?? stateText.toLowerCase());
  if (!(VALUE_STATES as readonly string[]).includes(state))
    issue('state', ImportsErrorCode.InvalidState, {
      value: stateText ?? '',
      allowed: VALUE_STATES.join(', '),
    });
  const sourceText = text('source');
  const source = sourceText === null ? 'import' : (SOURCE_ALIASES[sourceText] ?? sourceText.toLowerCase());
  if (!(WRITABLE_SOURCES as readonly string[]).includes(source))
    issue('source', ImportsErrorCode.InvalidSource, {
      value: sourceText ?? '',
      allowed: WRITABLE_SOURCES.join(', '),
    });

  return {
    index,
    line: row.line,
    cells,
    issues,
    values: {
      accountCode,
      metricKey,
      period,
      value: number.ok ? number.value : null,
      state,
      source,
      sourceRecordId: text('sourceRecordId'),
    },
  };
}

/** What the database knows, to check rows against before anything is written. */
export interface ImportReferences {
  accountCodes: ReadonlySet<string>;
  metricKeys: ReadonlySet<string>;
  /** Metric keys the caller may write, or null for any. */
  writableMetricKeys: ReadonlySet<string> | null;
}

const NEEDS_VALUE = new Set(['actual', 'estimated']);

/**
 * Adds the issues the batch write would raise — unknown account or metric, a metric out of the key's
 * scope, a missing value, the same natural key twice — each at its line and cell.
 */
export function checkImportReferences(rows: readonly ParsedImportRow[], refs: ImportReferences): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const { values, line, index, cells } = row;
    const add = (field: ImportField | null, code: ImportsErrorCode, value: string | number) =>
      row.issues.push({
        pointer: field ? `/rows/${index}/${field}` : `/rows/${index}`,
        line,
        cell: field ? cells[field] : undefined,
        message: importMessage(code, { line, cell: (field && cells[field]) ?? '', value }),
      });
    if (values.accountCode !== null && !refs.accountCodes.has(values.accountCode))
      add('accountCode', ImportsErrorCode.UnknownAccount, values.accountCode);
    if (values.metricKey !== null && !refs.metricKeys.has(values.metricKey))
      add('metricKey', ImportsErrorCode.UnknownMetric, values.metricKey);
    else if (
      values.metricKey !== null &&
      refs.writableMetricKeys &&
      !refs.writableMetricKeys.has(values.metricKey)
    )
      add('metricKey', ImportsErrorCode.MetricOutOfScope, values.metricKey);
    const valueIsBad = row.issues.some((i) => i.pointer === `/rows/${index}/value`);
    if (values.value === null && !valueIsBad && NEEDS_VALUE.has(values.state))
      add('value', ImportsErrorCode.ValueRequired, values.state);
    if (values.accountCode === null || values.metricKey === null || values.period === null) continue;
    const key = [values.accountCode, values.metricKey, values.period, values.source].join('\u0000');
    const first = seen.get(key);
    if (first !== undefined) add(null, ImportsErrorCode.DuplicateRow, first);
    else seen.set(key, line);
  }
}

/** Rows without issues as the batch API takes them. */
export function toMetricValueRows(rows: readonly ParsedImportRow[]): MetricValueRow[] {
  return rows.map(({ values }) => ({
    accountCode: values.accountCode!,
    metricKey: values.metricKey!,
    period: values.period!,
    value: values.value,
    state: values.state as MetricValueRow['state'],
    source: values.source as MetricValueRow['source'],
    ...(values.sourceRecordId !== null ? { sourceRecordId: values.sourceRecordId } : {}),
  }));
}
