import { Injectable } from '@nestjs/common';
import { writableMetricKeys, type Principal } from '@keyscore/auth';
import { AppException } from '@keyscore/http';
import type { Locale } from '@keyscore/i18n';
import { MAX_BATCH_ROWS, MetricsRepository, MetricValuesService, type RowStatus } from '@keyscore/metrics';
import {
  ImportFileException,
  ImportRowsException,
  ImportsErrorCode,
  type ImportIssue,
} from './imports.exception';
import { mapBatchErrors } from './map-batch-errors.util';
import {
  checkImportReferences,
  parseImportRows,
  toMetricValueRows,
  type ParsedImportRow,
} from './parse-import-rows.util';
import type { Upload } from './parse-upload.middleware';
import { readUpload, UnreadableFileError } from './read-upload.util';

const MAX_REPORTED_ISSUES = 200;

/** Idempotency keys are per caller: the same key from two callers is two requests. */
function principalScope(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.user.id}` : `api_key:${principal.key.id}`;
}

/** Reads CSV/XLSX files of metric values, shows what would be written, and writes them all or none. */
@Injectable()
export class ImportsService {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly metricValues: MetricValuesService,
  ) {}

  /** Every row with what it was read as and its problems; writes nothing. */
  async preview(upload: Upload, principal: Principal, locale: Locale) {
    const rows = await this.checkedRows(upload, principal);
    return {
      rows: rows.map((row) => ({
        line: row.line,
        values: row.values,
        errors: row.issues.map((issue) => ({
          pointer: issue.pointer,
          ...(issue.cell ? { cell: issue.cell } : {}),
          message: issue.message[locale],
        })),
      })),
      ok: rows.every((row) => !row.issues.length),
      total: rows.length,
      valid: rows.filter((row) => !row.issues.length).length,
    };
  }

  /** Writes every row through the batch API, or nothing (422 listing each bad cell). */
  async import(upload: Upload, principal: Principal, idempotencyKey?: string) {
    const rows = await this.checkedRows(upload, principal);
    const bad = rows.filter((row) => row.issues.length);
    if (bad.length) {
      throw new ImportRowsException(
        bad.flatMap((row) => row.issues).slice(0, MAX_REPORTED_ISSUES),
        bad.length,
      );
    }
    try {
      const result = await this.metricValues.record(toMetricValueRows(rows), {
        writableMetricKeys: writableMetricKeys(principal),
        idempotency: idempotencyKey ? { scope: principalScope(principal), key: idempotencyKey } : undefined,
      });
      return {
        replayed: result.replayed === true,
        answer: {
          written: result.written,
          changed: result.changed,
          rows: result.rows.map((status: RowStatus) => ({
            line: rows[status.index]?.line ?? 0,
            status: status.status,
          })),
        },
      };
    } catch (error) {
      // Something changed between the check and the write (an account removed…): same 422, in file terms.
      if (error instanceof AppException && error.status === 422 && error.errors.length) {
        const issues: ImportIssue[] = mapBatchErrors(error.errors, rows);
        throw new ImportRowsException(issues, new Set(issues.map((i) => i.line)).size);
      }
      throw error;
    }
  }

  private async checkedRows(upload: Upload, principal: Principal): Promise<ParsedImportRow[]> {
    let sheet;
    try {
      sheet = await readUpload(upload.kind, upload.bytes);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      throw new ImportFileException(422, ImportsErrorCode.UnreadableFile, {
        kind: upload.kind.toUpperCase(),
        reason: error.message,
      });
    }
    const rows = parseImportRows(sheet);
    if (rows.length > MAX_BATCH_ROWS) {
      throw new ImportFileException(422, ImportsErrorCode.TooManyRows, {
        count: rows.length,
        limit: MAX_BATCH_ROWS,
      });
    }
    if (!rows.length) throw new ImportFileException(422, ImportsErrorCode.EmptyFile);
    const codes = [...new Set(rows.flatMap((r) => (r.values.accountCode ? [r.values.accountCode] : [])))];
    const [accounts, metrics] = await Promise.all([
      this.metrics.accountIdsByCode(codes),
      this.metrics.listMetrics(),
    ]);
    checkImportReferences(rows, {
      accountCodes: new Set(accounts.keys()),
      metricKeys: new Set(metrics.map((m) => m.key)),
      writableMetricKeys: writableMetricKeys(principal),
    });
    return rows;
  }
}
