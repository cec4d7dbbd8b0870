/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';

/** The reviewer's (and account manager's) open tasks: what, for which account, due when, the score so far. */
export const inboxPage: ConsolePage = {
  path: 'inbox',
  permission: Permission.TasksWork,
  title: { 'zh-CN': '我的待办', en: 'My inbox' },
  nav: { group: 'mine', order: 1 },
  texts: {
    empty: { 'zh-CN': '没有待办任务。', en: 'No open tasks.' },
    caption: { 'zh-CN': '待办任务（{count}）', en: 'Open tasks ({count})' },
    task: { 'zh-CN': '任务', en: 'Task' },
    account: { 'zh-CN': '客户', en: 'Account' },
    period: { 'zh-CN': '期间', en: 'Period' },
    due: { 'zh-CN': '截止', en: 'Due' },
    score: { 'zh-CN': '当前得分', en: 'Score so far' },
    overdue: { 'zh-CN': '已逾期', en: 'overdue' },
  },
  script: async (ks) => {
    interface Task {
      id: string;
      title: { 'zh-CN': string; en: string };
      dueAt: string | null;
      overdue: boolean;
      instance: { subject: { type: string; id: string }; period: string };
      scores: { accountId: string; score: number | null; rating: string | null }[];
    }
    const { h } = ks;
    const [answer, accounts] = await Promise.all([ks.api<Task[]>('GET', '/api/inbox'), ks.accounts()]);
    if (!answer.ok) {
      ks.problem(answer.problem);
      return ks.ready();
    }
    const tasks = answer.data;
    if (!tasks.length) {
      ks.fill(ks.root, h('p', { class: 'ks-card' }, ks.t('empty')));
      return ks.ready();
    }
    const subject = (task: Task) => {
      const account = accounts.get(task.instance.subject.id);
      return account ? `${account.name} (${account.code})` : task.instance.subject.id;
    };
    const rows = tasks.map((task) => [
      h('a', { href: `/console/tasks/${task.id}?lang=${ks.locale}` }, ks.bi(task.title)),
      subject(task),
      task.instance.period,
      [
        ks.date(task.dueAt),
        task.overdue ? [' ', h('span', { class: 'ks-badge ks-overdue' }, ks.t('overdue'))] : null,
      ],
      task.scores.length
        ? task.scores.map((s) => `${ks.num(s.score, 2)}${s.rating ? ` (${s.rating})` : ''}`).join(', ')
        : '—',
    ]);
    ks.fill(
      ks.root,
      ks.table(
        ks.t('caption', { count: tasks.length }),
        [ks.t('task'), ks.t('account'), ks.t('period'), ks.t('due'), ks.t('score')],
        rows,
      ),
    );
    ks.ready();
  },
};
