import { Inject, Injectable } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { JobName, JobQueueService, QueueName } from '@keyscore/queue';
import type { ConnectorDocument } from './connectors.schemas';

export const CONNECTOR_PULL_ATTEMPTS = 5;

export const schedulerId = (key: string) => `connector:${key}`;

/**
 * The connector's BullMQ side: one job scheduler per enabled connector with a schedule, and manual runs.
 * Retries are exponential from CONNECTOR_BACKOFF_MS with 50 % jitter (BullMQ's built-in `jitter`), so
 * connectors failing together do not retry in lockstep.
 */
@Injectable()
export class ConnectorScheduleService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: JobQueueService,
  ) {}

  jobOptions(): Pick<JobsOptions, 'attempts' | 'backoff' | 'removeOnComplete' | 'removeOnFail'> {
    return {
      attempts: CONNECTOR_PULL_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.connectors.backoffMs, jitter: 0.5 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 1000 },
    };
  }

  /** Creates, changes or removes the scheduler to match the document. */
  async apply(key: string, doc: ConnectorDocument): Promise<void> {
    const queue = this.queues.queue(QueueName.Connectors);
    if (!doc.schedule || doc.enabled === false) {
      await queue.removeJobScheduler(schedulerId(key));
      return;
    }
    const repeat =
      'every' in doc.schedule
        ? { every: doc.schedule.every }
        : { pattern: doc.schedule.pattern, ...(doc.schedule.tz ? { tz: doc.schedule.tz } : {}) };
    await queue.upsertJobScheduler(schedulerId(key), repeat, {
      name: JobName.ConnectorPull,
      data: { connectorKey: key },
      opts: this.jobOptions(),
    });
  }

  async remove(key: string): Promise<void> {
    await this.queues.queue(QueueName.Connectors).removeJobScheduler(schedulerId(key));
  }

  /** Enqueues a pull now; the job id names this run (no ':' — BullMQ reserves it). */
  async runNow(key: string, runId: string): Promise<string> {
    const jobId = `connector-run-${key}-${runId}`;
    await this.queues
      .queue(QueueName.Connectors)
      .add(JobName.ConnectorPull, { connectorKey: key }, { ...this.jobOptions(), jobId });
    return jobId;
  }

  /** The scheduler with its next run, or null (BullMQ may keep a stale hash without a next run). */
  async scheduler(key: string) {
    const scheduler = await this.queues.queue(QueueName.Connectors).getJobScheduler(schedulerId(key));
    return scheduler?.next ? scheduler : null;
  }
}
