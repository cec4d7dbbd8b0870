import { DataSource } from 'typeorm';
import { BUILTIN_FORMS } from '@keyscore/forms';
import { JobName } from '@keyscore/queue';
import { demoAnswers } from '../../libs/cycles/src/demo-answers.util';
import { eventually, startTestApp, type Api, type TestApp } from '../support/test-app';
import { cycleSettled, reviewTeam, type ReviewTeam } from './cycle-fixtures';

const WORKFLOW_JOBS = [
  JobName.WorkflowStart,
  JobName.WorkflowEffect,
  JobName.WorkflowTimer,
  JobName.CycleLaunched,
];

interface Task {
  id: string;
  instanceId: string;
  stepId: string;
  kind: string;
  assignee: string;
  dueAt: string | null;
  status: string;
}

/** The quarterly review, built in, end to end over HTTP with real jobs. */
describe('a quarterly review cycle', () => {
  let t: TestApp;
  let team: ReviewTeam;
  let cycleId: string;
  const selfAssessment = BUILTIN_FORMS.find((f) => f.key === 'am_self_assessment')!;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, jobs: WORKFLOW_JOBS });
    team = await reviewTeam(t, 2);
    // Some of ACC1's 2026-Q1 values, so its score is a number (the other KPIs are re-normalised away).
    const row = (metricKey: string, value: number) => ({
      accountCode: 'ACC1',
      metricKey,
      period: '2026-Q1',
      value,
      state: 'actual',
      source: 'manual',
    });
    await t.api
      .post('/api/metric-values')
      .send({
        rows: [
          row('satisfaction_score', 92),
          row('cooperation_years', 7),
          row('complaints', 2),
          row('complaints_resolved_on_time', 2),
        ],
      })
      .expect(201);
  }, 60_000);
  afterAll(() => t.close());

  const inbox = async (api: Api): Promise<Task[]> => (await api.get('/api/inbox').expect(200)).body;
  const taskAt = (api: Api, stepId: string) =>
    eventually(async () => (await inbox(api)).find((task) => task.stepId === stepId), 20_000);

  it('previews who gets which first task, then launches one instance per account', async () => {
    const created = await t.api
      .post('/api/cycles')
      .send({
        name: '2026 Q1 review',
        period: '2026-Q1',
        workflow: { key: 'quarterly_review' },
        scope: { accountIds: [team.accounts[0]] },
      })
      .expect(201);
    cycleId = created.body.id;
    expect(created.body).toMatchObject({
      status: 'draft',
      workflowKey: 'quarterly_review',
      workflowVersion: 1,
    });

    const preview = await t.api.get(`/api/cycles/${cycleId}/preview`).expect(200);
    expect(preview.body).toMatchObject({
      instances: 1,
      accounts: 1,
      firstTasks: [{ assignee: team.am.userId, stepId: 'self_assessment', count: 1 }],
    });

    const launched = await t.api.post(`/api/cycles/${cycleId}/launch`).expect(200);
    expect(launched.body).toMatchObject({ status: 'running', instances: 1 });
    await t.api.post(`/api/cycles/${cycleId}/launch`).expect(409);
  });

  it('plans one instance per account manager when asked to, covering all their accounts', async () => {
    const draft = await t.api
      .post('/api/cycles')
      .send({
        name: 'per manager',
        period: '2026-Q1',
        workflow: { key: 'quarterly_review' },
        granularity: 'account_manager',
      })
      .expect(201);
    const preview = await t.api.get(`/api/cycles/${draft.body.id}/preview`).expect(200);
    expect(preview.body).toMatchObject({ instances: 1, accounts: 2 });
  });

  it('refuses to publish a workflow whose step points nowhere, naming the field', async () => {
    const broken = {
      key: 'broken_review',
      title: { 'zh-CN': '有误的流程', en: 'Broken' },
      subject: 'account',
      start: 'scoring',
      steps: [
        { id: 'scoring', type: 'compute', title: { 'zh-CN': '计算', en: 'Scoring' }, next: 'nowhere' },
        { id: 'done', type: 'end', title: { 'zh-CN': '完成', en: 'Done' }, outcome: 'completed' },
      ],
    };
    await t.api.post('/api/documents/workflow').send({ key: broken.key, content: broken }).expect(201);
    const refused = await t.api.post(`/api/documents/workflow/${broken.key}/publish`).expect(422);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/draft/steps/0/next');
  });

  it('gives the account manager the self-assessment with a due date; a bad answer is refused with pointers', async () => {
    const task = await taskAt(team.am.api, 'self_assessment');
    expect(task.dueAt).toEqual(expect.any(String));
    const bad = await team.am.api
      .post(`/api/tasks/${task.id}/complete`)
      .set('Accept-Language', 'zh-CN')
      .send({ outcome: 'submit', data: {} })
      .expect(422);
    expect(bad.body.errors.length).toBeGreaterThan(0);
    expect(bad.body.errors[0].pointer).toMatch(/^\/body\/data\//);
    // Someone else may not act on it.
    await team.head.api
      .post(`/api/tasks/${task.id}/complete`)
      .send({ outcome: 'submit', data: {} })
      .expect(403);
    await team.am.api
      .post(`/api/tasks/${task.id}/complete`)
      .send({ outcome: 'submit', data: demoAnswers(selfAssessment, 1) })
      .expect(200);
  });

  it('scores the account, then the data check needs a comment to approve', async () => {
    const task = await taskAt(t.api, 'data_check');
    const detail = await t.api.get(`/api/tasks/${task.id}`).expect(200);
    expect(detail.body.scorecards).toHaveLength(1);
    expect(detail.body.scorecards[0].trace).toBeDefined();
    expect(detail.body.instance.history.map((h: { event: string }) => h.event)).toContain('compute.done');
    const noComment = await t.api
      .post(`/api/tasks/${task.id}/complete`)
      .send({ outcome: 'approve' })
      .expect(422);
    expect(noComment.body.code).toBe('cycles.comment_required');
    await t.api
      .post(`/api/tasks/${task.id}/complete`)
      .send({ outcome: 'approve', comment: '数据无误' })
      .expect(200);
  });

  it('lets the manager return it for revision, once', async () => {
    const task = await taskAt(team.head.api, 'manager_review');
    await team.head.api
      .post(`/api/tasks/${task.id}/complete`)
      .send({ outcome: 'return', comment: '请补充客户拜访记录 / add the visit log' })
      .expect(200);
    const again = await taskAt(team.am.api, 'self_assessment');
    await team.am.api
      .post(`/api/tasks/${again.id}/complete`)
      .send({ outcome: 'submit', data: demoAnswers(selfAssessment, 2) })
      .expect(200);
    const check = await taskAt(t.api, 'data_check');
    await t.api
      .post(`/api/tasks/${check.id}/complete`)
      .send({ outcome: 'approve', comment: 'ok' })
      .expect(200);
  });

  it('takes one of two simultaneous approvals of the same task and answers the other 409', async () => {
    const task = await taskAt(team.head.api, 'manager_review');
    const answers = await Promise.all([
      team.head.api.post(`/api/tasks/${task.id}/complete`).send({ outcome: 'approve', comment: '同意' }),
      t.api.post(`/api/tasks/${task.id}/complete`).send({ outcome: 'approve', comment: 'agreed' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body.code).toBe('cycles.task_not_open');
    const instance = await t.api.get(`/api/workflow-instances/${task.instanceId}`).expect(200);
    const decisions = instance.body.history.filter(
      (h: { stepId: string; event: string }) => h.stepId === 'manager_review' && h.event === 'task.complete',
    );
    // The return, then exactly one approval.
    expect(decisions.map((h: { outcome: string }) => h.outcome)).toEqual(['return', 'approve']);
  });

  it('runs calibration when the score calls for it and the final approval, then tells the account manager', async () => {
    const dataSource = t.app.get(DataSource);
    // Approve whatever is open (calibration depends on the score) until the instance ends.
    await eventually(async () => {
      for (const api of [team.head.api, t.api]) {
        for (const task of await inbox(api)) {
          await api.post(`/api/tasks/${task.id}/complete`).send({ outcome: 'approve', comment: '通过' });
        }
      }
      const [{ status }] = await dataSource.query('SELECT status FROM workflow_instances');
      return status === 'completed';
    }, 20_000);
    const notifications = (await team.am.api.get('/api/notifications').expect(200)).body;
    expect(notifications.length).toBeGreaterThan(0);
    expect(notifications[0].subject['zh-CN']).toEqual(expect.any(String));
    const mine = (await team.am.api.get('/api/my/reviews').expect(200)).body;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'completed' });
  });

  it('reports progress, closes the cycle and locks its scores', async () => {
    await cycleSettled(t.app.get(DataSource), cycleId);
    const progress = await t.api.get(`/api/cycles/${cycleId}/progress`).expect(200);
    expect(progress.body).toMatchObject({
      total: 1,
      completion: 100,
      byStatus: { completed: 1 },
      overdue: [],
    });
    await team.head.api.post(`/api/cycles/${cycleId}/close`).send({}).expect(403);
    const closed = await t.api.post(`/api/cycles/${cycleId}/close`).send({}).expect(200);
    expect(closed.body.status).toBe('closed');
    const scores = (await t.api.get(`/api/cycles/${cycleId}/scores`).expect(200)).body;
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatchObject({ accountId: team.accounts[0], lockedAt: expect.any(String) });
    // The stored scorecard and the key of its KPI definitions stay inside.
    expect(scores[0]).not.toHaveProperty('scorecard');
    expect(scores[0]).not.toHaveProperty('definitions');
  });

  it('shows the calibration: scores per reviewer and the distribution against the quotas', async () => {
    const view = await t.api.get(`/api/cycles/${cycleId}/calibration`).expect(200);
    expect(view.body.accounts).toBe(1);
    expect(view.body.quotas.map((q: { rating: string }) => q.rating)).toEqual(['S', 'A', 'B', 'C', 'D']);
    expect(view.body.assignments).toHaveLength(1);
    expect(view.body.reviewers[0].reviewer).toBe(team.head.userId);
    const bad = await t.api.get(`/api/cycles/${cycleId}/calibration?quotas=S:50,A:20`).expect(422);
    expect(bad.body.errors[0].pointer).toMatch(/^\/query\/quotas/);
    await team.am.api.get(`/api/cycles/${cycleId}/calibration`).expect(403);
    // A reviewer sees the accounts of the people reporting to them.
    expect((await team.head.api.get(`/api/cycles/${cycleId}/scores`).expect(200)).body).toHaveLength(1);
    const reviewerView = await team.head.api.get(`/api/cycles/${cycleId}/calibration`).expect(200);
    expect(reviewerView.body.accounts).toBe(1);
  });

  it('lets the account manager dispute the score; the department head reviews it', async () => {
    const opened = await team.am.api
      .post(`/api/cycles/${cycleId}/accounts/${team.accounts[0]}/dispute`)
      .send({ reason: '本季度的满意度调查样本过少 / too few survey answers' })
      .expect(201);
    const task = await taskAt(team.head.api, 'dispute_review');
    expect(task.instanceId).toBe(opened.body.instanceId);
    await team.head.api
      .post(`/api/tasks/${task.id}/complete`)
      .send({ outcome: 'approve', comment: '维持原评分 / upheld' })
      .expect(200);
    const instance = await team.am.api.get(`/api/workflow-instances/${task.instanceId}`).expect(200);
    expect(instance.body.status).toBe('completed');
  });
});
