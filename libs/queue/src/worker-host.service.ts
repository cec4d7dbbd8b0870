import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { indexJobHandlers, type FoundHandler } from './discover-job-handlers.util';
import { JOB_HANDLER_METADATA } from './job-handler.decorator';
import { JOB_QUEUE, JobName, QueueName } from './queue-name.constant';
import { createRedis } from './redis-connection';

/** Job names this process must handle; tests may narrow it to the handlers they register. */
export const EXPECTED_JOBS = Symbol('EXPECTED_JOBS');

/**
 * The consumer side: finds every @JobHandler at boot (failing when a name has none or two), runs one
 * BullMQ Worker per queue, and on shutdown stops taking jobs and waits for the active ones.
 */
@Injectable()
export class WorkerHostService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EXPECTED_JOBS) private readonly expected: readonly JobName[],
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const handlers = indexJobHandlers(this.findHandlers(), this.expected);
    const queues = new Set([...handlers.keys()].map((name) => JOB_QUEUE[name]));
    for (const queueName of queues) {
      this.workers.push(this.startWorker(queueName, handlers));
    }
    this.logger.log({ queues: [...queues], jobs: [...handlers.keys()] }, 'worker started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    // close() stops fetching new jobs and resolves once the active ones have finished.
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.logger.log('worker stopped');
  }

  private startWorker(queueName: QueueName, handlers: Map<JobName, FoundHandler>): Worker {
    const worker = new Worker(
      queueName,
      async (job: Job) => {
        const handler = handlers.get(job.name as JobName);
        if (!handler) throw new Error(`no handler for job "${job.name}" on queue "${queueName}"`);
        return handler.handle(job.data, { id: job.id, attemptsMade: job.attemptsMade });
      },
      {
        connection: createRedis(this.config.redis.url, 'worker'),
        prefix: this.config.queuePrefix,
        concurrency: this.config.workerConcurrency,
      },
    );
    worker.on('failed', (job, error) =>
      this.logger.warn(
        { jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, err: error },
        'job failed',
      ),
    );
    worker.on('error', (error) => this.logger.error({ err: error }, 'worker error'));
    return worker;
  }

  private findHandlers(): FoundHandler[] {
    const found: FoundHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER_METADATA, fn as () => unknown);
        if (!name) continue;
        found.push({
          name,
          owner: `${instance.constructor.name}.${method}`,
          handle: (payload, job) => (fn as FoundHandler['handle']).call(instance, payload, job),
        });
      }
    }
    return found;
  }
}
