import { spawn, type ChildProcess } from 'node:child_process';
import { DataSource } from 'typeorm';
import { JobName } from '@keyscore/queue';
import { seedBulkWorkspace } from '../support/bulk-workspace';
import { freePort } from '../support/processes';
import { eventually, startTestApp } from '../support/test-app';
import { AUTO_WORKFLOW, cycleSettled, launchCycle, publishWorkflow } from './cycle-fixtures';

const WORKFLOW_JOBS = [
  JobName.WorkflowStart,
  JobName.WorkflowEffect,
  JobName.WorkflowTimer,
  JobName.CycleLaunched,
];
// Enough that Redis dies mid-cycle: a launch batch of 100 instances finishes in one job (with 200
// instances and batches of 25, all were done before the kill now and then).
const INSTANCES = 1000;

/** A private redis-server that keeps nothing on disk: a restart loses every job. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await new Promise((done) => setTimeout(done, 300));
  return child;
}

describe('Redis restarted in the middle of a cycle', () => {
  it('loses no work: the workers carry on and the reconciler re-creates the lost jobs', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const t = await startTestApp({
      worker: true,
      jobs: WORKFLOW_JOBS,
      env: { REDIS_URL: `redis://127.0.0.1:${port}`, WORKFLOW_RECONCILE_MS: '500' },
    });
    try {
      const dataSource = t.app.get(DataSource);
      await seedBulkWorkspace(dataSource, INSTANCES, { managers: 10 });
      await publishWorkflow(t.api, AUTO_WORKFLOW);
      const cycleId = await launchCycle(t.api, { workflow: AUTO_WORKFLOW.key });
      const completed = async () => {
        const [{ n }] = await dataSource.query(
          "SELECT COUNT(*) AS n FROM workflow_instances WHERE status = 'completed'",
        );
        return Number(n);
      };
      await eventually(async () => (await completed()) >= 20, 60_000);

      redis.kill('SIGKILL');
      await new Promise((done) => redis.once('exit', done));
      expect(await completed()).toBeLessThan(INSTANCES);
      await new Promise((done) => setTimeout(done, 1000));
      redis = await startRedis(port);

      expect(await cycleSettled(dataSource, cycleId, 120_000)).toEqual({ completed: INSTANCES });
      const [{ n: computes }] = await dataSource.query('SELECT COUNT(*) AS n FROM cycle_scores');
      const [{ n: notifications }] = await dataSource.query('SELECT COUNT(*) AS n FROM notifications');
      expect([Number(computes), Number(notifications)]).toEqual([INSTANCES, INSTANCES]);
    } finally {
      // Closing waits for Redis: if the test failed while it was down, bring it back first.
      if (redis.exitCode !== null || redis.signalCode !== null) redis = await startRedis(port);
      await t.close().catch(() => undefined);
      redis.kill('SIGKILL');
    }
  }, 240_000);
});
