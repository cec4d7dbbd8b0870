import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { nowIso, type MetricValueEntity, type PeriodKind } from '@keyscore/persistence';
import type { FieldError } from '@keyscore/i18n';
import { JobName, JobQueueService } from '@keyscore/queue';
import { NotFoundException } from '@keyscore/http';
import { AuditService, type AuditChange } from '@keyscore/audit';
import { isUniqueViolation, UnitOfWork } from '@keyscore/persistence';
import { IdempotencyService, requestFingerprint, type IdempotencyScope } from './idempotency.service';
import {
  MetricBatchException,
  MetricScopeException,
  MetricsErrorCode,
  metricsFieldError,
} from './metrics.exception';
import { MetricsRepository } from './metrics.repository';
import type { MetricValueRow } from './metrics.schemas';
import { parsePeriod } from './period.util';

/** What happened to each row of a written batch. */
export interface RowStatus {
  index: number;
  status: 'created' | 'updated' | 'unchanged';
}

export interface BatchResult {
  written: number;
  changed: number;
  rows: RowStatus[];
}

/** At most this many field errors come back for one batch; the count of bad rows is always exact. */
const MAX_REPORTED_ERRORS = 200;
const NEEDS_VALUE = new Set(['actual', 'estimated']);

/** Records collected metric values and asks the worker to roll months up into quarters and years. */
@Injectable()
export class MetricValuesService {
  constructor(
    private readonly repository: MetricsRepository,
    private readonly queue: JobQueueService,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  listMetrics() {
    return this.repository.listMetrics();
  }

  /**
   * Validates every row (accounts and metrics exist, a value where the state needs one, no duplicate
   * natural key), then writes all rows in one transaction — or none, answering 422 with each bad row.
   */
  async record(
    rows: readonly MetricValueRow[],
    options: {
      pointerBase?: string;
      writableMetricKeys?: ReadonlySet<string> | null;
      /** Same scope (caller) and key again → the stored answer, no second write. */
      idempotency?: IdempotencyScope;
    } = {},
  ): Promise<BatchResult & { replayed?: true }> {
    const pointerBase = options.pointerBase ?? '/body/rows';
    const idempotency = options.idempotency;
    const requestHash = idempotency ? requestFingerprint(rows) : '';
    if (idempotency) {
      const stored = await this.idempotency.find(idempotency, requestHash);
      if (stored) return this.replay(stored as BatchResult, rows);
    }
    const allowed = options.writableMetricKeys;
    if (allowed) {
      const outside = rows.flatMap((row, i) =>
        allowed.has(row.metricKey)
          ? []
          : [
              metricsFieldError(
                MetricsErrorCode.MetricOutOfScope,
                `${pointerBase}/${i}/metricKey`,
                row.metricKey,
              ),
            ],
      );
      if (outside.length) throw new MetricScopeException(outside.slice(0, MAX_REPORTED_ERRORS));
    }
    const accountIds = await this.repository.accountIdsByCode([...new Set(rows.map((r) => r.accountCode))]);
    const metricKeys = new Set((await this.repository.listMetrics()).map((m) => m.key));
    const errors: FieldError[] = [];
    const badRows = new Set<number>();
    const seen = new Map<string, number>();
    const fail = (i: number, error: FieldError) => {
      badRows.add(i);
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
    };
    rows.forEach((row, i) => {
      const at = `${pointerBase}/${i}`;
      if (!accountIds.has(row.accountCode))
        fail(i, metricsFieldError(MetricsErrorCode.UnknownAccount, `${at}/accountCode`, row.accountCode));
      if (!metricKeys.has(row.metricKey)) {
        fail(i, metricsFieldError(MetricsErrorCode.UnknownMetric, `${at}/metricKey`, row.metricKey));
      }
      if (row.value === null && NEEDS_VALUE.has(row.state))
        fail(i, metricsFieldError(MetricsErrorCode.ValueRequired, `${at}/value`, row.state));
      const key = `${row.accountCode}\u0000${row.metricKey}\u0000${row.period}\u0000${row.source}`;
      const first = seen.get(key);
      if (first !== undefined) fail(i, metricsFieldError(MetricsErrorCode.DuplicateRow, at, first));
      else seen.set(key, i);
    });
    if (badRows.size) throw new MetricBatchException(errors, badRows.size);

    const recordedAt = nowIso();
    const values: MetricValueEntity[] = rows.map((row) => ({
      id: randomUUID(),
      accountId: accountIds.get(row.accountCode)!,
      metricKey: row.metricKey,
      period: row.period,
      periodKind: parsePeriod(row.period)!.kind as PeriodKind,
      value: row.value,
      state: row.state,
      source: row.source,
      sourceRecordId: row.sourceRecordId ?? null,
      recordedAt,
      version: 1,
    }));
    let result: BatchResult;
    try {
      result = await this.unitOfWork.transaction(async (manager) => {
        const { changes, statuses } = this.changesOf(
          values,
          await this.repository.existingValues(manager, values),
          rows,
        );
        await this.repository.upsertValuesIn(manager, values);
        await this.audit.record(manager, changes);
        const outcome: BatchResult = { written: values.length, changed: changes.length, rows: statuses };
        if (idempotency) await this.idempotency.save(manager, idempotency, requestHash, 201, outcome);
        return outcome;
      });
    } catch (error) {
      // A concurrent request with the same key committed first: answer as it was answered.
      const replay =
        idempotency && isUniqueViolation(error)
          ? await this.idempotency.find(idempotency, requestHash)
          : null;
      if (replay) return this.replay(replay as BatchResult, rows);
      throw error;
    }
    await this.enqueueRollups(values, recordedAt);
    return result;
  }

  /**
   * The stored answer of an earlier identical request. Its roll-ups are enqueued again: the first attempt
   * may have committed and then failed to reach Redis, and roll-up jobs are idempotent.
   */
  private async replay(
    stored: BatchResult,
    rows: readonly MetricValueRow[],
  ): Promise<BatchResult & { replayed: true }> {
    const accountIds = await this.repository.accountIdsByCode([...new Set(rows.map((r) => r.accountCode))]);
    const values = rows
      .filter((row) => accountIds.has(row.accountCode))
      .map((row) => ({
        accountId: accountIds.get(row.accountCode)!,
        metricKey: row.metricKey,
        period: row.period,
      }));
    await this.enqueueRollups(values, nowIso());
    return { ...stored, replayed: true };
  }

  /** Audit entries for the rows whose value, state or source record actually change. */
  private changesOf(
    values: MetricValueEntity[],
    existing: MetricValueEntity[],
    rows: readonly MetricValueRow[],
  ): { changes: AuditChange[]; statuses: RowStatus[] } {
    const key = (v: { accountId: string; metricKey: string; period: string; source: string }) =>
      `${v.accountId}\u0000${v.metricKey}\u0000${v.period}\u0000${v.source}`;
    const before = new Map(existing.map((v) => [key(v), v]));
    const changes: AuditChange[] = [];
    const statuses: RowStatus[] = [];
    values.forEach((value, i) => {
      const old = before.get(key(value));
      const same =
        old &&
        old.value === value.value &&
        old.state === value.state &&
        old.sourceRecordId === value.sourceRecordId;
      statuses.push({ index: i, status: !old ? 'created' : same ? 'unchanged' : 'updated' });
      if (same) return;
      const row = rows[i]!;
      changes.push({
        action: old ? 'metric_value.update' : 'metric_value.create',
        entityType: 'metric_value',
        entityId: `${row.accountCode}/${row.metricKey}/${row.period}/${row.source}`,
        before: old ? { value: old.value, state: old.state, sourceRecordId: old.sourceRecordId } : undefined,
        after: { value: value.value, state: value.state, sourceRecordId: value.sourceRecordId },
      });
    });
    return { changes, statuses };
  }

  /**
   * An account's values. `visible` says whether the caller may see the account (out of scope answers as
   * not found); sealed values keep their state but lose their value unless `seeSealed`.
   */
  async listValues(
    accountId: string,
    filter: { metricKey?: string; periodKind?: PeriodKind },
    access: { visible: boolean; seeSealed: boolean; metricKeys?: ReadonlySet<string> | null } = {
      visible: true,
      seeSealed: true,
    },
  ) {
    if (!access.visible || !(await this.repository.accountExists(accountId))) {
      throw new NotFoundException({ en: 'Account', 'zh-CN': '客户' }, '/params/id');
    }
    const all = await this.repository.listValues(accountId, filter);
    const values = access.metricKeys ? all.filter((v) => access.metricKeys!.has(v.metricKey)) : all;
    return access.seeSealed ? values : values.map((v) => (v.state === 'sealed' ? { ...v, value: null } : v));
  }

  /**
   * One roll-up job per (account, metric, quarter) touched by monthly rows. The id names the work and the
   * write, so a retried enqueue of the same write is dropped while a later write gets its own job.
   */
  private async enqueueRollups(
    values: readonly Pick<MetricValueEntity, 'accountId' | 'metricKey' | 'period'>[],
    recordedAt: string,
  ): Promise<void> {
    const stamp = Date.parse(recordedAt);
    const targets = new Map<
      string,
      { accountId: string; metricKey: string; year: number; quarter: number }
    >();
    for (const value of values) {
      const period = parsePeriod(value.period);
      if (period?.kind !== 'month') continue;
      const target = {
        accountId: value.accountId,
        metricKey: value.metricKey,
        year: period.year,
        quarter: period.quarter!,
      };
      targets.set(
        `rollup-${target.accountId}-${target.metricKey}-${target.year}Q${target.quarter}-${stamp}`,
        target,
      );
    }
    await this.queue.enqueueMany(
      JobName.MetricsRollup,
      [...targets].map(([jobId, payload]) => ({ payload, jobId })),
    );
  }
}
