export * from './queue-name.constant';
export * from './redis-connection';
export * from './embedded-redis';
export * from './job-handler.decorator';
export * from './discover-job-handlers.util';
export * from './job-queue.service';
export * from './worker-host.service';
export * from './queue.module';
