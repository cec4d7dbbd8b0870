import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '@keyscore/config';
import { JobHandler, JobName, JobQueueService, QueueModule } from '@keyscore/queue';
import { clearQueuePrefix, eventually, testConfig } from '../support/test-app';

const config = testConfig({ config: { type: 'sqlite', path: ':memory:' }, drop: async () => undefined });
const log: string[] = [];

@Injectable()
class SlowRollup {
  @JobHandler(JobName.MetricsRollup)
  async run(payload: { accountId: string }) {
    log.push(`start ${payload.accountId}`);
    await new Promise((done) => setTimeout(done, 1500));
    log.push(`end ${payload.accountId}`);
  }
}

@Injectable()
class AnotherRollup {
  @JobHandler(JobName.MetricsRollup)
  async run() {}
}

const workerModule = (providers: unknown[]) => {
  @Module({
    // Only the job these specs handle: other libs' jobs have handlers in modules not loaded here.
    imports: [
      ConfigModule.forRoot(config),
      QueueModule.forRoot({ worker: true, jobs: [JobName.MetricsRollup] }),
    ],
    providers: providers as never[],
  })
  class TestWorkerModule {}
  return TestWorkerModule;
};

describe('queues: handler discovery and graceful shutdown', () => {
  afterAll(() => clearQueuePrefix(config.queuePrefix));

  it('refuses to boot when a job name has two handlers, naming both', async () => {
    // createApplicationContext() runs the boot hooks; the worker process then exits (see exitOnBootError).
    await expect(
      NestFactory.createApplicationContext(workerModule([SlowRollup, AnotherRollup]), { logger: false }),
    ).rejects.toThrow(/job "metrics.rollup" has two handlers: SlowRollup.run and AnotherRollup.run/);
  });

  it('refuses to boot when a job name has no handler', async () => {
    await expect(NestFactory.createApplicationContext(workerModule([]), { logger: false })).rejects.toThrow(
      /job "metrics.rollup" has no handler/,
    );
  });

  it('on close, stops taking jobs but finishes the active one first', async () => {
    const app = await NestFactory.createApplicationContext(workerModule([SlowRollup]), { logger: false });
    await app.init();
    const queue = app.get(JobQueueService);
    const payload = (accountId: string) => ({ accountId, metricKey: 'revenue', year: 2026, quarter: 3 });
    await queue.enqueue(JobName.MetricsRollup, payload('a'), { jobId: 'shutdown-a' });
    await eventually(async () => log.includes('start a'));
    await app.close();
    expect(log).toEqual(['start a', 'end a']);
  });

  it('keys every queue under the configured prefix', async () => {
    const app = await NestFactory.createApplicationContext(
      (() => {
        @Module({ imports: [ConfigModule.forRoot(config), QueueModule.forRoot({ worker: false })] })
        class ProducerOnly {}
        return ProducerOnly;
      })(),
      { logger: false },
    );
    await app.init();
    const queue = app.get(JobQueueService);
    const job = await queue.enqueue(
      JobName.MetricsRollup,
      { accountId: 'b', metricKey: 'revenue', year: 2026, quarter: 3 },
      { jobId: 'prefix-b' },
    );
    // The same id again is dropped while the first exists: enqueueing is idempotent.
    await queue.enqueue(
      JobName.MetricsRollup,
      { accountId: 'b2', metricKey: 'revenue', year: 2026, quarter: 3 },
      { jobId: 'prefix-b' },
    );
    const client = (await queue.queue(job.queueName as never).client) as unknown as {
      keys(p: string): Promise<string[]>;
    };
    const keys = await client.keys(`${config.queuePrefix}:metrics:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(await queue.queue(job.queueName as never).getWaitingCount()).toBe(1);
    await app.close();
  });
});
