import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { FlowProducer, Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { JOB_QUEUE, QueueName, type JobName, type JobPayloads } from './queue-name.constant';
import { createRedis } from './redis-connection';

/** Default retention and retries: failed jobs stay for inspection, completed ones are dropped. */
const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { count: 1000 },
};

/**
 * Workflow and notification jobs are re-created from their database rows by the reconciler under the
 * same ids; a failed job kept in Redis would make those adds no-ops, so theirs are not kept (the row and
 * the logs are the record).
 */
const REBUILT_FROM_DATABASE = new Set<QueueName>([QueueName.Workflow, QueueName.Notifications]);

function jobOptions(queue: QueueName): JobsOptions {
  return REBUILT_FROM_DATABASE.has(queue)
    ? { ...DEFAULT_JOB_OPTIONS, removeOnFail: true }
    : DEFAULT_JOB_OPTIONS;
}

/** The producer side: adds jobs to the queue that owns their name. Owns one Redis connection. */
@Injectable()
export class JobQueueService implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();
  private flows: FlowProducer | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Lazy: a process that never enqueues (or fails to boot) opens no socket.
    this.connection = createRedis(config.redis.url, 'queue', { lazyConnect: true });
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.config.queuePrefix,
        defaultJobOptions: jobOptions(name),
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Adds a job. `jobId` must be deterministic for the work it names: BullMQ ignores a second add with the
   * same id while the first exists, which makes enqueueing idempotent.
   */
  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: { jobId: string; delay?: number },
  ) {
    return this.queue(JOB_QUEUE[name]).add(name, payload, { jobId: options.jobId, delay: options.delay });
  }

  /** Adds many jobs of one name in one round trip (a batch write can touch thousands of roll-ups). */
  async enqueueMany<N extends JobName>(
    name: N,
    jobs: { payload: JobPayloads[N]; jobId: string; delay?: number }[],
  ): Promise<void> {
    const queue = this.queue(JOB_QUEUE[name]);
    for (let i = 0; i < jobs.length; i += 1000) {
      await queue.addBulk(
        jobs.slice(i, i + 1000).map((job) => ({
          name,
          data: job.payload,
          opts: { jobId: job.jobId, ...(job.delay ? { delay: job.delay } : {}) },
        })),
      );
    }
  }

  /**
   * Adds a parent job and its children atomically (a BullMQ flow): the parent runs once every child has
   * completed. Job ids are deterministic, so adding the same fan-out twice adds nothing new.
   */
  async enqueueFlow<P extends JobName, C extends JobName>(
    parent: { name: P; payload: JobPayloads[P]; jobId: string },
    childName: C,
    children: { payload: JobPayloads[C]; jobId: string }[],
  ): Promise<void> {
    this.flows ??= new FlowProducer({ connection: this.connection, prefix: this.config.queuePrefix });
    await this.flows.add({
      name: parent.name,
      queueName: JOB_QUEUE[parent.name],
      data: parent.payload,
      opts: { ...jobOptions(JOB_QUEUE[parent.name]), jobId: parent.jobId },
      children: children.map((child) => ({
        name: childName,
        queueName: JOB_QUEUE[childName],
        data: child.payload,
        opts: { ...jobOptions(JOB_QUEUE[childName]), jobId: child.jobId },
      })),
    });
  }

  /** The shared Redis client, for small counters (rate limits) next to the queues. */
  redis(): Redis {
    return this.connection;
  }

  /** PING round trip, for /health. */
  async ping(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.flows?.close();
    this.connection.disconnect();
  }
}
