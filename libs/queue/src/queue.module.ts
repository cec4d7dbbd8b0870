import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobQueueService } from './job-queue.service';
import { JobName } from './queue-name.constant';
import { EXPECTED_JOBS, WorkerHostService } from './worker-host.service';

/**
 * Producers everywhere; consumers only when `worker` is set (the worker app, or `npm start`, which runs
 * both in one process). `jobs` narrows the job names that must have handlers (tests).
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(options: { worker: boolean; jobs?: readonly JobName[] }): DynamicModule {
    const consumer = options.worker
      ? [WorkerHostService, { provide: EXPECTED_JOBS, useValue: options.jobs ?? Object.values(JobName) }]
      : [];
    return {
      module: QueueModule,
      imports: options.worker ? [DiscoveryModule] : [],
      providers: [JobQueueService, ...consumer],
      exports: [JobQueueService],
    };
  }
}
