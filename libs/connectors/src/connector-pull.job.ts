import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { runInActorScope, setCurrentActor } from '@keyscore/audit';
import { AppException } from '@keyscore/http';
import { IdempotencyKeyReusedException } from '@keyscore/metrics';
import { nowIso, UnitOfWork, type ConnectorEntity, type ConnectorRunEntity } from '@keyscore/persistence';
import { JobHandler, JobName, type JobPayloads } from '@keyscore/queue';
import { ConnectorFetchError } from './connector-fetch.error';
import { connectorMessage, ConnectorsErrorCode } from './connector-messages';
import { ConnectorPullService } from './connector-pull.service';
import { CONNECTOR_PULL_ATTEMPTS } from './connector-schedule.service';
import { ConnectorsRepository } from './connectors.repository';

/**
 * Runs one pull: fetches every page, maps every item, writes all rows or none, and records the run.
 * Passing failures (5xx, network, timeout) are thrown for BullMQ to retry with backoff; a connector that
 * is configured wrong (refused address, 4xx, bad JSON, a mapping or metric error) fails at once with
 * UnrecoverableError — retrying would only repeat it.
 */
@Injectable()
export class ConnectorPullJob {
  private readonly logger = new Logger('ConnectorPull');

  constructor(
    private readonly repository: ConnectorsRepository,
    private readonly pulls: ConnectorPullService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  @JobHandler(JobName.ConnectorPull)
  run({ connectorKey }: JobPayloads[JobName.ConnectorPull], job: { id?: string; attemptsMade: number }) {
    return runInActorScope(() => this.pull(connectorKey, job));
  }

  private async pull(connectorKey: string, job: { id?: string; attemptsMade: number }) {
    const connector = await this.repository.findByKey(connectorKey);
    if (!connector) return { skipped: 'connector deleted' };
    setCurrentActor({ type: 'connector', id: connector.id });
    const jobId = job.id ?? randomUUID();
    const attempt = job.attemptsMade + 1;
    const run = await this.startRun(connector, jobId, attempt);
    try {
      const { items } = await this.pulls.fetchItems(connector, { firstPageOnly: false });
      const mapped = this.pulls.map(connector, items);
      if (mapped.failedItems) {
        const first = mapped.errors[0]!;
        throw new ConnectorFetchError(
          ConnectorsErrorCode.MappingFailed,
          {
            value: mapped.failedItems,
            first: `${first.pointer}: ${connectorMessage(first.code, first.params).en}`,
          },
          false,
        );
      }
      let written = mapped.rows.length;
      try {
        if (mapped.rows.length) written = (await this.pulls.write(connector, mapped.rows, jobId)).written;
      } catch (error) {
        // The same run wrote before with other data (the source changed between deliveries): already done.
        if (!(error instanceof IdempotencyKeyReusedException)) throw error;
      }
      await this.finish(run, { status: 'succeeded', rows: written, error: null });
      return { rows: written };
    } catch (error) {
      const failure = describe(error);
      const retry = failure.retryable && attempt < CONNECTOR_PULL_ATTEMPTS;
      await this.finish(run, {
        status: retry ? 'retrying' : 'failed',
        rows: null,
        error: JSON.stringify(failure.body),
      });
      this.logger.warn(
        { connector: connectorKey, jobId, attempt, code: failure.body.code, retry },
        'connector pull failed',
      );
      if (retry) throw error;
      throw new UnrecoverableError(failure.body.message.en);
    }
  }

  /** One run row per job: the first attempt inserts it, later attempts (retries, redeliveries) update it. */
  private async startRun(
    connector: ConnectorEntity,
    jobId: string,
    attempt: number,
  ): Promise<ConnectorRunEntity> {
    const existing = await this.repository.findRun(connector.id, jobId);
    const startedAt = nowIso();
    if (existing) {
      const change = { status: 'running' as const, attempts: attempt, finishedAt: null };
      await this.unitOfWork.transaction((manager) => this.repository.updateRun(manager, existing.id, change));
      return { ...existing, ...change };
    }
    const run: ConnectorRunEntity = {
      id: randomUUID(),
      connectorId: connector.id,
      jobId,
      status: 'running',
      attempts: attempt,
      startedAt,
      finishedAt: null,
      rows: null,
      error: null,
    };
    await this.unitOfWork.transaction((manager) => this.repository.insertRun(manager, run));
    return run;
  }

  private finish(run: ConnectorRunEntity, change: Pick<ConnectorRunEntity, 'status' | 'rows' | 'error'>) {
    return this.unitOfWork.transaction((manager) =>
      this.repository.updateRun(manager, run.id, { ...change, finishedAt: nowIso() }),
    );
  }
}

/** The stored form of a failure, and whether trying again may help. Unknown errors are retried. */
function describe(error: unknown) {
  if (error instanceof ConnectorFetchError) {
    return {
      retryable: error.retryable,
      body: { code: error.code, message: connectorMessage(error.code, error.params) },
    };
  }
  if (error instanceof AppException) {
    // Metric batch refusals (unknown account, out of scope…): the data or the mapping must change first.
    const fields = error.errors.slice(0, 20).map((e) => ({ pointer: e.pointer, message: e.message }));
    return { retryable: false, body: { code: error.code, message: error.text, errors: fields } };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return {
    retryable: true,
    body: {
      code: ConnectorsErrorCode.NetworkError,
      message: { en: `Unexpected failure: ${reason}`, 'zh-CN': `意外错误：${reason}` },
    },
  };
}
