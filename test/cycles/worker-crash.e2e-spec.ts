import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CyclesRepository } from '@keyscore/cycles';
import { CycleScoreEntity, type AccountEntity } from '@keyscore/persistence';
import { ScorecardsService } from '@keyscore/scorecards';
import type { InstanceState } from '@keyscore/workflow';
import { seedBulkWorkspace } from '../support/bulk-workspace';
import { databaseEnv } from '../support/processes';
import { clearQueuePrefix, eventually, REDIS_URL, startTestApp } from '../support/test-app';
import { freshDatabase, type TestDatabase } from '../support/test-database';
import { AUTO_WORKFLOW, cycleSettled, launchCycle, publishWorkflow } from './cycle-fixtures';

const ROOT = join(__dirname, '..', '..');
const INSTANCES = 500;

/** The worker entry point from source, as a separate process. */
function startWorker(database: TestDatabase, queuePrefix: string): ChildProcess {
  return spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        REDIS_URL,
        QUEUE_PREFIX: queuePrefix,
        DEMO_DATA: 'false',
        // Two start jobs (of 100 instances) at a time: with all five at once, every batch could commit
        // before the kill.
        WORKER_CONCURRENCY: '2',
        WORKFLOW_RECONCILE_MS: '1000',
        ...databaseEnv(database),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

async function ended(dataSource: DataSource): Promise<number> {
  const [{ n }] = await dataSource.query(
    "SELECT COUNT(*) AS n FROM workflow_instances WHERE status = 'completed'",
  );
  return Number(n);
}

describe('kill -9 of the worker in the middle of a cycle', () => {
  it(`ends every one of ${INSTANCES} instances after a restart, each step once, with undisturbed scores`, async () => {
    const database = await freshDatabase();
    const queuePrefix = `ks-test-${randomBytes(5).toString('hex')}`;
    // The api in this process, without workers; the worker runs apart and is killed.
    const t = await startTestApp({ database, queuePrefix });
    let worker: ChildProcess | null = null;
    try {
      const dataSource = t.app.get(DataSource);
      const workspace = await seedBulkWorkspace(dataSource, INSTANCES, { managers: 20 });
      await publishWorkflow(t.api, AUTO_WORKFLOW);
      const cycleId = await launchCycle(t.api, { workflow: AUTO_WORKFLOW.key });

      worker = startWorker(database, queuePrefix);
      // The worker starts from source (ts-node), which on a loaded machine takes most of a minute.
      await eventually(async () => (await ended(dataSource)) >= 40, 150_000);
      worker.kill('SIGKILL');
      await new Promise((done) => worker!.once('exit', done));
      const atKill = await ended(dataSource);
      expect(atKill).toBeLessThan(INSTANCES);

      worker = startWorker(database, queuePrefix);
      expect(await cycleSettled(dataSource, cycleId, 120_000)).toEqual({ completed: INSTANCES });

      // Each step exactly once.
      const rows: { state: string }[] = await dataSource.query('SELECT state FROM workflow_instances');
      for (const { state } of rows) {
        const events = (JSON.parse(state) as InstanceState).history.map((h) => h.event);
        expect(events.filter((e) => e === 'start')).toHaveLength(1);
        expect(events.filter((e) => e === 'compute.done')).toHaveLength(1);
        expect(events.filter((e) => e === 'notify')).toHaveLength(1);
        expect(events.filter((e) => e === 'end')).toHaveLength(1);
      }
      const [{ n: notifications }] = await dataSource.query('SELECT COUNT(*) AS n FROM notifications');
      expect(Number(notifications)).toBe(INSTANCES);
      const [{ n: pending }] = await dataSource.query(
        "SELECT COUNT(*) AS n FROM workflow_effects WHERE status <> 'done'",
      );
      expect(Number(pending)).toBe(0);

      // The same scores as an undisturbed run: each account scored here, directly.
      const stored = await dataSource.getRepository(CycleScoreEntity).find();
      expect(stored).toHaveLength(INSTANCES);
      const cards = await t.app.get(CyclesRepository).scorecardsOf(stored);
      const accounts = new Map(
        (await dataSource.getRepository<AccountEntity>('AccountEntity').find()).map((a) => [a.id, a]),
      );
      const scorecards = t.app.get(ScorecardsService);
      for (const [n, row] of stored.entries()) {
        if (n % 10) continue;
        const expected = await scorecards.score(accounts.get(row.accountId)!, '2026-Q1', true);
        expect([row.score, row.rating]).toEqual([expected.score, expected.rating]);
        // The whole card, trace included (the compute step reads a batch's inputs together; the KPI
        // definitions are stored once per set).
        expect(cards[n]).toEqual(JSON.parse(JSON.stringify(expected)));
      }
      expect(workspace.accounts).toHaveLength(INSTANCES);
    } finally {
      worker?.kill('SIGKILL');
      await t.close();
      await clearQueuePrefix(queuePrefix);
      await database.drop();
    }
  }, 360_000);
});
