import { DataSource } from 'typeorm';
import { apiAs, eventually, signInAs, type Api, type TestApp } from '../support/test-app';

export interface Member {
  personId: string;
  userId: string;
  api: Api;
}

export interface ReviewTeam {
  departmentId: string;
  head: Member;
  am: Member;
  accounts: string[];
}

/**
 * A sales department with a head (reviewer) and an account manager reporting to them, both with
 * sign-ins, and `accounts` accounts managed by the account manager. Each step must succeed.
 */
export async function reviewTeam(t: TestApp, accounts = 2): Promise<ReviewTeam> {
  const departmentId = (
    await t.api
      .post('/api/departments')
      .send({ code: 'SALES', nameZh: '大客户部', nameEn: 'Key accounts' })
      .expect(201)
  ).body.id as string;
  const person = async (employeeNo: string, email: string, managerId?: string) =>
    (
      await t.api
        .post('/api/people')
        .send({
          employeeNo,
          name: employeeNo,
          email,
          function: 'sales',
          title: 'AM',
          departmentId,
          ...(managerId ? { managerId } : {}),
        })
        .expect(201)
    ).body.id as string;
  const member = async (
    personId: string,
    email: string,
    role: 'reviewer' | 'account_manager',
  ): Promise<Member> => {
    const token = await signInAs(t.app, { email, role, personId });
    const api = apiAs(t.app, token);
    const userId = (await api.get('/api/auth/me').expect(200)).body.user.id as string;
    return { personId, userId, api };
  };
  const headPerson = await person('H1', 'head@example.com');
  const amPerson = await person('A1', 'am@example.com', headPerson);
  const ids: string[] = [];
  for (let i = 1; i <= accounts; i++) {
    const response = await t.api
      .post('/api/accounts')
      .send({
        code: `ACC${i}`,
        name: `客户${i}`,
        nameEn: `Account ${i}`,
        accountType: i % 2 ? 'multinational' : 'local_enterprise',
        industry: 'energy',
        region: 'east',
        managerId: amPerson,
        since: '2019-01-01',
      })
      .expect(201);
    ids.push(response.body.id as string);
  }
  return {
    departmentId,
    head: await member(headPerson, 'head@example.com', 'reviewer'),
    am: await member(amPerson, 'am@example.com', 'account_manager'),
    accounts: ids,
  };
}

/** A workflow of four automatic steps: score, branch on the score, notify the account manager, end. */
export const AUTO_WORKFLOW = {
  key: 'auto_review',
  title: { 'zh-CN': '自动考核', en: 'Automatic review' },
  subject: 'account',
  start: 'scoring',
  steps: [
    { id: 'scoring', type: 'compute', title: { 'zh-CN': '计算得分', en: 'Scoring' }, next: 'check' },
    {
      id: 'check',
      type: 'condition',
      title: { 'zh-CN': '是否达标', en: 'On target?' },
      branches: [{ when: 'score >= 60', next: 'tell' }],
      otherwise: 'tell',
    },
    {
      id: 'tell',
      type: 'notify',
      title: { 'zh-CN': '通知客户经理', en: 'Tell the account manager' },
      to: { relation: 'account_manager' },
      message: {
        subject: { 'zh-CN': '考核结果已出', en: 'Your review is scored' },
        body: { 'zh-CN': '得分 {score}', en: 'Score {score}' },
      },
      next: 'done',
    },
    { id: 'done', type: 'end', title: { 'zh-CN': '完成', en: 'Done' }, outcome: 'completed' },
  ],
} as const;

/** Creates and publishes a workflow document through the API; returns its version. */
export async function publishWorkflow(api: Api, workflow: { key: string }): Promise<number> {
  await api.post('/api/documents/workflow').send({ key: workflow.key, content: workflow }).expect(201);
  return (await api.post(`/api/documents/workflow/${workflow.key}/publish`).expect(201)).body
    .version as number;
}

/** Creates and launches a cycle; returns its id. */
export async function launchCycle(
  api: Api,
  cycle: { workflow: string; period?: string; accountIds?: string[] },
): Promise<string> {
  const id = (
    await api
      .post('/api/cycles')
      .send({
        name: `Cycle ${cycle.workflow}`,
        period: cycle.period ?? '2026-Q1',
        workflow: { key: cycle.workflow },
        ...(cycle.accountIds ? { scope: { accountIds: cycle.accountIds } } : {}),
      })
      .expect(201)
  ).body.id as string;
  await api.post(`/api/cycles/${id}/launch`).expect(200);
  return id;
}

/** Waits until no instance of the cycle is created or running; returns the counts per status. */
export async function cycleSettled(dataSource: DataSource, cycleId: string, timeoutMs = 60_000) {
  return eventually(async () => {
    const rows: { status: string; n: string | number }[] = await dataSource.query(
      dataSource.options.type === 'postgres'
        ? 'SELECT status, COUNT(*) AS n FROM workflow_instances WHERE cycle_id = $1 GROUP BY status'
        : 'SELECT status, COUNT(*) AS n FROM workflow_instances WHERE cycle_id = ? GROUP BY status',
      [cycleId],
    );
    const counts = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    return !counts.created && !counts.running ? counts : undefined;
  }, timeoutMs);
}
