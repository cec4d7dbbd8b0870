/**
 * Benchmark: review-cycle steps per second on PostgreSQL beside plain BullMQ no-op jobs, same Redis, same
 * process, same run, same worker concurrency. A cycle of N instances (default 10,000) each runs 4
 * automatic steps (compute → condition → notify → end) with every transition persisted (instance state,
 * outbox, scores, notifications); the compute step really scores the account (values read from
 * PostgreSQL). The launch enqueues one start job per 100 instances, which starts them and runs the
 * compute steps they reach, the start and compute transitions of the batch in one transaction (see
 * libs/cycles/README.md); the steps and transitions reported are counted from the database afterwards
 * (the instances' persisted histories and row versions, one version per transition), not assumed.
 *
 *   npm run bench:workflow                 (BENCH_INSTANCES=2000 for a shorter run)
 *
 * The script runs Node with --max-semi-space-size=32, as `npm start` does (README, Scaling out); the plain
 * BullMQ peer runs in the same process, so with the same flag.
 *
 * PostgreSQL: the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a fresh
 * database is created and dropped. Redis: REDIS_URL (default redis://127.0.0.1:6379).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { JobName } from '@keyscore/queue';
import type { InstanceState } from '@keyscore/workflow';
import { seedBulkWorkspace } from '../../support/bulk-workspace';
import { clearQueuePrefix, REDIS_URL, startTestApp } from '../../support/test-app';
import { freshDatabase } from '../../support/test-database';
import { AUTO_WORKFLOW, launchCycle, publishWorkflow } from '../../cycles/cycle-fixtures';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const NOOP_JOBS = Number(process.env.BENCH_NOOP_JOBS ?? 20_000);
const STEPS_PER_INSTANCE = AUTO_WORKFLOW.steps.length;
/** History events that record a step executed: compute (its result), condition, notify, end. */
const STEP_EVENTS = new Set(['compute.done', 'condition', 'notify', 'end']);

/** Plain BullMQ: N no-op jobs added in bulk, drained by one worker at the same concurrency. */
async function noopThroughput(prefix: string): Promise<number> {
  const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('bench-noop', { connection, prefix });
  for (let i = 0; i < NOOP_JOBS; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, NOOP_JOBS - i) }, (_, k) => ({
        name: 'noop',
        data: { n: i + k },
        opts: { removeOnComplete: true },
      })),
    );
  }
  let done = 0;
  const started = performance.now();
  const finished = new Promise<number>((resolve) => {
    const worker = new Worker('bench-noop', async () => undefined, {
      connection: connection.duplicate(),
      prefix,
      concurrency: CONCURRENCY,
    });
    worker.on('completed', () => {
      if (++done === NOOP_JOBS) {
        const elapsed = performance.now() - started;
        void worker.close().then(() => resolve(elapsed));
      }
    });
  });
  const elapsed = await finished;
  await queue.close();
  connection.disconnect();
  return NOOP_JOBS / (elapsed / 1000);
}

async function main() {
  const prefix = `ks-bench-${randomBytes(4).toString('hex')}`;
  const database = await freshDatabase();
  const t = await startTestApp({
    worker: true,
    jobs: [JobName.WorkflowStart, JobName.WorkflowEffect, JobName.WorkflowTimer, JobName.CycleLaunched],
    database,
    queuePrefix: prefix,
    env: { WORKER_CONCURRENCY: String(CONCURRENCY), LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  });
  try {
    const dataSource = t.app.get(DataSource);
    // Plain BullMQ is measured twice, before seeding (a quiet database) and after the cycle, and the
    // better run is the reference: the machine's background work (PostgreSQL writing out the seed)
    // swung a single measurement between 8,000 and 14,000 jobs/s.
    console.log('plain BullMQ…');
    const noops = [await noopThroughput(`${prefix}-noop`)];
    console.log(`seeding ${INSTANCES} accounts with two quarters of values…`);
    await seedBulkWorkspace(dataSource, INSTANCES, { managers: 50 });
    await publishWorkflow(t.api, AUTO_WORKFLOW);
    console.log('launching…');

    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await launchCycle(t.api, { workflow: AUTO_WORKFLOW.key });
    const launched = performance.now() - started;
    for (;;) {
      const [{ n }] = await dataSource.query(
        "SELECT COUNT(*) AS n FROM workflow_instances WHERE status = 'completed'",
      );
      if (Number(n) === INSTANCES) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    // What was really done, from the database: the steps each instance's persisted history records, and
    // the transitions written (each one a new version of its instance row).
    const rows: { state: string; version: number }[] = await dataSource.query(
      "SELECT state, version FROM workflow_instances WHERE status = 'completed'",
    );
    let steps = 0;
    let transitions = 0;
    for (const row of rows) {
      const history = (JSON.parse(row.state) as InstanceState).history;
      steps += history.filter((h) => STEP_EVENTS.has(h.event)).length;
      transitions += Number(row.version) - 1;
    }
    if (steps !== INSTANCES * STEPS_PER_INSTANCE)
      throw new Error(`expected ${INSTANCES * STEPS_PER_INSTANCE} steps, the histories record ${steps}`);
    const stepsPerSecond = steps / elapsed;
    noops.push(await noopThroughput(`${prefix}-noop2`));
    const noop = Math.max(...noops);
    console.log(
      `\nPostgreSQL, worker concurrency ${CONCURRENCY}, ${INSTANCES} instances × ${STEPS_PER_INSTANCE} automatic steps`,
    );
    console.table([
      {
        path: `plain BullMQ no-op jobs (${NOOP_JOBS}; best of ${noops.map((n) => Math.round(n)).join(' and ')})`,
        'per second': Math.round(noop),
        'vs no-op': '1.00×',
      },
      {
        path: `workflow steps (${steps}: ${STEPS_PER_INSTANCE} per instance, in ${transitions} transitions persisted)`,
        'per second': Math.round(stepsPerSecond),
        'vs no-op': `${(stepsPerSecond / noop).toFixed(2)}×`,
      },
      {
        path: 'transitions persisted (instance row, outbox, scores, notifications)',
        'per second': Math.round(transitions / elapsed),
        'vs no-op': `${(transitions / elapsed / noop).toFixed(2)}×`,
      },
      {
        path: 'instances completed',
        'per second': Math.round(rows.length / elapsed),
        'vs no-op': '',
      },
    ]);
    console.log(
      `launch (instances written + flow enqueued): ${launched.toFixed(0)} ms; whole cycle: ${elapsed.toFixed(1)} s; ` +
        `this process's CPU during the cycle: ${((cpu.user + cpu.system) / 1000 / elapsed / 10).toFixed(0)}% of a core, ` +
        `${((cpu.user + cpu.system) / INSTANCES).toFixed(0)} µs per instance`,
    );
  } finally {
    await t.close();
    await clearQueuePrefix(prefix);
    await clearQueuePrefix(`${prefix}-noop`);
    await clearQueuePrefix(`${prefix}-noop2`);
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
