import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WorkflowReconciler, WorkflowRepository, WorkflowRuntime } from '@keyscore/cycles';
import { JobName } from '@keyscore/queue';
import type { InstanceState } from '@keyscore/workflow';
import { WorkflowJobs } from '../../libs/cycles/src/workflow.jobs';
import { ComputeScores } from '../../libs/cycles/src/compute-scores.service';
import { AuthService } from '@keyscore/auth';
import {
  apiAs,
  clearQueuePrefix,
  eventually,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
} from '../support/test-app';
import { freshDatabase } from '../support/test-database';
import { AUTO_WORKFLOW, launchCycle, publishWorkflow, reviewTeam } from './cycle-fixtures';

const WORKFLOW_JOBS = [
  JobName.WorkflowStart,
  JobName.WorkflowEffect,
  JobName.WorkflowTimer,
  JobName.CycleLaunched,
];
const DAY = 24 * 3600 * 1000;

async function instanceRows(dataSource: DataSource) {
  const rows: { id: string; status: string; state: string; version: number }[] = await dataSource.query(
    'SELECT id, status, state, version FROM workflow_instances ORDER BY id',
  );
  return rows.map((r) => ({ ...r, version: Number(r.version), state: JSON.parse(r.state) as InstanceState }));
}

/** A cycle of `workflow` launched over a new team's accounts: the team, and the instances as stored. */
async function launched(t: TestApp, accounts: number, workflow: string = AUTO_WORKFLOW.key) {
  const team = await reviewTeam(t, accounts);
  await launchCycle(t.api, { workflow, accountIds: team.accounts });
  return { team, instances: await instanceRows(t.app.get(DataSource)) };
}

async function computeRows(dataSource: DataSource) {
  return (await dataSource.query(
    "SELECT id, status, done_at FROM workflow_effects WHERE type = 'compute' ORDER BY id",
  )) as { id: string; status: string; done_at: string | null }[];
}

const count = (state: InstanceState, event: string) => state.history.filter((h) => h.event === event).length;

/** A test app of the describe block's own, with the automatic workflow published; closed after it. */
function appWithAutoWorkflow(options: Parameters<typeof startTestApp>[0] = {}): () => TestApp {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(options);
    await publishWorkflow(t.api, AUTO_WORKFLOW);
  }, 60_000);
  afterAll(() => t.close());
  return () => t;
}

describe('each effect happens once although jobs are delivered at least once', () => {
  // No worker: the test delivers the jobs itself, twice at the same moment.
  const app = appWithAutoWorkflow();

  it('starts once and computes once when both jobs arrive twice concurrently', async () => {
    const t = app();
    const [created] = (await launched(t, 1)).instances;
    const dataSource = t.app.get(DataSource);
    const jobs = t.app.get(WorkflowJobs);
    // The start job runs the compute step it reaches in the same job; twice at once, each happens once.
    const started = await Promise.all([
      jobs.start({ instanceIds: [created!.id] }),
      jobs.start({ instanceIds: [created!.id] }),
    ]);
    expect(started.map((s) => s.started).sort()).toEqual([0, 1]);
    expect(started.map((s) => s.computed).sort()).toEqual([0, 1]);
    // Start and compute.done in one transaction: the compute row is written done, two versions.
    const [compute] = await computeRows(dataSource);
    expect(compute!.status).toBe('done');
    expect(compute!.done_at).not.toBeNull();
    // A compute job for it as well (the reconciler's, or a redelivery), twice at once, then late: nothing.
    const ran = await Promise.all([
      jobs.effect({ effectId: compute!.id }),
      jobs.effect({ effectId: compute!.id }),
    ]);
    expect(ran).toEqual([{ skipped: true }, { skipped: true }]);
    expect(await jobs.effect({ effectId: compute!.id })).toEqual({ skipped: true });

    const [instance] = await instanceRows(dataSource);
    expect(instance!.status).toBe('completed');
    expect(instance!.version).toBe(3);
    expect(count(instance!.state, 'start')).toBe(1);
    expect(count(instance!.state, 'compute.done')).toBe(1);
    expect(count(instance!.state, 'notify')).toBe(1);
    const [{ n: notifications }] = await dataSource.query('SELECT COUNT(*) AS n FROM notifications');
    const [{ n: scores }] = await dataSource.query('SELECT COUNT(*) AS n FROM cycle_scores');
    expect([Number(notifications), Number(scores)]).toEqual([1, 1]);
  });
});

describe('a start batch whose scoring fails', () => {
  // No worker: the test delivers the jobs itself.
  const app = appWithAutoWorkflow();

  it('writes the starts alone and leaves the compute steps to their jobs', async () => {
    const t = app();
    const created = (await launched(t, 2)).instances;
    const dataSource = t.app.get(DataSource);
    const jobs = t.app.get(WorkflowJobs);
    expect(created).toHaveLength(2);
    const scoring = jest
      .spyOn(t.app.get(ComputeScores), 'forInstances')
      .mockRejectedValueOnce(new Error('scoring unavailable'));
    expect(await jobs.start({ instanceIds: created.map((i) => i.id) })).toEqual({ started: 2, computed: 0 });
    scoring.mockRestore();
    expect((await instanceRows(dataSource)).map((i) => [i.status, i.version])).toEqual([
      ['running', 2],
      ['running', 2],
    ]);
    const computes = await computeRows(dataSource);
    expect(computes.map((c) => c.status)).toEqual(['pending', 'pending']);
    for (const compute of computes)
      expect(await jobs.effect({ effectId: compute.id })).toEqual({ applied: true });
    const ended = await instanceRows(dataSource);
    expect(ended.map((i) => [i.status, i.version])).toEqual([
      ['completed', 3],
      ['completed', 3],
    ]);
    for (const instance of ended) expect(count(instance.state, 'compute.done')).toBe(1);
    const [{ n: scores }] = await dataSource.query('SELECT COUNT(*) AS n FROM cycle_scores');
    expect(Number(scores)).toBe(2);
  });
});

describe('a compute step left to its job', () => {
  // No worker: the test delivers the job itself, twice at the same moment.
  const app = appWithAutoWorkflow();

  it('computes once when its job arrives twice concurrently', async () => {
    const t = app();
    const created = (await launched(t, 1)).instances.find((i) => i.status === 'created')!;
    const dataSource = t.app.get(DataSource);
    // Started alone (as an api-side transition would), its compute step is left to a job.
    const runtime = t.app.get(WorkflowRuntime);
    await runtime.apply(created.id, () => ({ type: 'start', at: runtime.now() }), { system: true });
    const [compute] = await t.app.get(WorkflowRepository).pendingEffectsOf(created.id);
    expect(compute).toMatchObject({ type: 'compute', status: 'pending' });
    const jobs = t.app.get(WorkflowJobs);
    const ran = await Promise.all([
      jobs.effect({ effectId: compute!.id }),
      jobs.effect({ effectId: compute!.id }),
    ]);
    expect(ran.filter((r) => 'applied' in r && r.applied)).toHaveLength(1);
    expect(await jobs.effect({ effectId: compute!.id })).toEqual({ skipped: true });
    const instance = (await instanceRows(dataSource)).find((i) => i.id === created.id)!;
    expect(instance.status).toBe('completed');
    expect(count(instance.state, 'compute.done')).toBe(1);
    const [{ n: scores }] = await dataSource.query(
      `SELECT COUNT(*) AS n FROM cycle_scores WHERE instance_id = '${created.id}'`,
    );
    expect(Number(scores)).toBe(1);
  });
});

describe('the reconciler', () => {
  // The reconciler without workflow job handlers (the test looks at what it finds, nothing runs them), its
  // periodic pass out of the way, and a workflow clock 5 days ahead (as a staging rehearsal of deadlines).
  const app = appWithAutoWorkflow({
    worker: true,
    jobs: [JobName.MetricsRollup],
    env: { WORKFLOW_CLOCK_OFFSET_MS: String(5 * DAY), WORKFLOW_RECONCILE_MS: '3600000' },
  });

  it('leaves young instances to their launch jobs, and finds outbox rows stamped on a moved clock', async () => {
    const t = app();
    await launched(t, 2);
    const reconciler = t.app.get(WorkflowReconciler);
    // A periodic pass: the instances were just launched, their launch job still waits; no second job.
    expect((await reconciler.reconcile(60_000)).starts).toBe(0);
    // The pass at worker start takes every instance still created.
    expect((await reconciler.reconcile(0)).starts).toBe(2);

    // One started alone: its compute step waits in the outbox, stamped on the workflow clock (5 days
    // ahead). A crash now would leave it to the reconciler, which must see it at once.
    const created = (await instanceRows(t.app.get(DataSource))).find((i) => i.status === 'created')!;
    const runtime = t.app.get(WorkflowRuntime);
    await runtime.apply(created.id, () => ({ type: 'start', at: runtime.now() }), { system: true });
    const [compute] = await t.app.get(WorkflowRepository).pendingEffectsOf(created.id);
    expect(compute).toMatchObject({ type: 'compute', status: 'pending' });
    expect((await reconciler.reconcile(0)).effects).toBe(1);
  });
});

/** An approval due in 5 days that escalates to the assignee's manager. */
const DEADLINE_WORKFLOW = {
  key: 'deadline_review',
  title: { 'zh-CN': '限期审批', en: 'Review with a deadline' },
  subject: 'account',
  start: 'approve',
  steps: [
    {
      id: 'approve',
      type: 'approval',
      title: { 'zh-CN': '客户经理确认', en: 'Account manager confirms' },
      mode: 'single',
      assignees: [{ relation: 'account_manager' }],
      next: { approve: 'done', reject: 'done' },
      due: { days: 5, remindBefore: [1], escalate: { to: 'manager_of_assignee' } },
    },
    { id: 'done', type: 'end', title: { 'zh-CN': '完成', en: 'Done' }, outcome: 'completed' },
  ],
} as const;

describe('a deadline', () => {
  it('escalates exactly once, under fake time, across a worker restart', async () => {
    const database = await freshDatabase();
    const queuePrefix = `ks-test-${randomBytes(5).toString('hex')}`;
    const first = await startTestApp({ worker: true, jobs: WORKFLOW_JOBS, database, queuePrefix });
    let team: Awaited<ReturnType<typeof reviewTeam>>;
    try {
      await publishWorkflow(first.api, DEADLINE_WORKFLOW);
      team = await reviewTeam(first, 1);
      await launchCycle(first.api, { workflow: DEADLINE_WORKFLOW.key, accountIds: team.accounts });
      const task = await eventually(async () => (await team.am.api.get('/api/inbox').expect(200)).body[0]);
      expect(task.stepId).toBe('approve');
    } finally {
      await first.close();
    }

    // Five days and an hour later, a new worker: the deadline timer is due on its clock.
    const second = await startTestApp({
      worker: true,
      jobs: WORKFLOW_JOBS,
      database,
      queuePrefix,
      env: { WORKFLOW_CLOCK_OFFSET_MS: String(5 * DAY + 3600_000), WORKFLOW_RECONCILE_MS: '300' },
    });
    try {
      // The same people, signed in to the restarted api.
      const auth = second.app.get(AuthService);
      const head = apiAs(second.app, (await auth.login('head@example.com', TEST_PASSWORD, 'test')).token);
      const am = apiAs(second.app, (await auth.login('am@example.com', TEST_PASSWORD, 'test')).token);
      const escalated = await eventually(
        async () => (await head.get('/api/inbox').expect(200)).body[0],
        20_000,
      );
      expect(escalated.stepId).toBe('approve');
      expect((await am.get('/api/inbox').expect(200)).body).toEqual([]);

      // The timer delivered again (a reconcile and a direct redelivery): still one escalation.
      const dataSource = second.app.get(DataSource);
      await second.app.get(WorkflowReconciler).reconcile();
      const timers: { id: string }[] = await dataSource.query(
        "SELECT id FROM workflow_effects WHERE type = 'timer'",
      );
      for (const { id } of timers) await second.app.get(WorkflowJobs).timer({ effectId: id });
      await new Promise((done) => setTimeout(done, 1000));
      const [instance] = await instanceRows(dataSource);
      expect(count(instance!.state, 'task.escalate')).toBe(1);
      const tasks: { status: string; assignee_user_id: string }[] = await dataSource.query(
        'SELECT status, assignee_user_id FROM workflow_tasks ORDER BY created_at',
      );
      expect(tasks).toEqual([
        { status: 'cancelled', assignee_user_id: team!.am.userId },
        { status: 'open', assignee_user_id: team!.head.userId },
      ]);
      await head
        .post(`/api/tasks/${escalated.id}/complete`)
        .send({ outcome: 'approve', comment: '代为确认 / confirmed on their behalf' })
        .expect(200);
    } finally {
      await second.close();
      await clearQueuePrefix(queuePrefix);
      await database.drop();
    }
  }, 90_000);
});

describe('delegating a task', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await publishWorkflow(t.api, DEADLINE_WORKFLOW);
  }, 60_000);
  afterAll(() => t.close());

  it('hands the task to another person, who is told; delegating to oneself is refused', async () => {
    const {
      team,
      instances: [created],
    } = await launched(t, 1, DEADLINE_WORKFLOW.key);
    await t.app.get(WorkflowJobs).start({ instanceIds: [created!.id] });
    const [task] = (await team.am.api.get('/api/inbox').expect(200)).body;

    const self = await team.am.api
      .post(`/api/tasks/${task.id}/delegate`)
      .send({ to: team.am.userId, comment: '我自己' })
      .expect(422);
    expect(self.body.code).toBe('cycles.bad_event');
    await team.head.api
      .post(`/api/tasks/${task.id}/delegate`)
      .send({ to: team.head.userId, comment: 'not mine to give' })
      .expect(403);
    await team.am.api
      .post(`/api/tasks/${task.id}/delegate`)
      .send({ to: team.head.userId, comment: '出差期间请代为确认 / away this week' })
      .expect(200);

    expect((await team.am.api.get('/api/inbox').expect(200)).body).toEqual([]);
    const [handed] = (await team.head.api.get('/api/inbox').expect(200)).body;
    expect(handed).toMatchObject({ id: task.id, assignee: team.head.userId });
    const notices = (await team.head.api.get('/api/notifications').expect(200)).body;
    expect(notices.map((n: { subject: { en: string } }) => n.subject.en)).toContain(
      'A task was handed to you',
    );
  });
});
