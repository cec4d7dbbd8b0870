/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ScorecardView } from '../client/ks-client';
import type { ConsolePage } from '../console-page';

/**
 * One task: what it is about (account, period, step, due date, history), the scores with their traces, and
 * the action — a form task shows the engine's form (submitted as the HTML form posts it, typed and checked
 * by the server), an approval asks for approve / return / reject with a comment.
 */
export const taskPage: ConsolePage = {
  path: 'tasks/:id',
  permission: Permission.TasksWork,
  title: { 'zh-CN': '任务', en: 'Task' },
  texts: {
    account: { 'zh-CN': '客户', en: 'Account' },
    period: { 'zh-CN': '期间', en: 'Period' },
    step: { 'zh-CN': '步骤', en: 'Step' },
    due: { 'zh-CN': '截止', en: 'Due' },
    status: { 'zh-CN': '状态', en: 'Status' },
    'status.open': { 'zh-CN': '待处理', en: 'open' },
    'status.done': { 'zh-CN': '已完成', en: 'done' },
    'status.cancelled': { 'zh-CN': '已取消', en: 'cancelled' },
    overdue: { 'zh-CN': '已逾期', en: 'overdue' },
    history: { 'zh-CN': '流转记录', en: 'History' },
    answers: { 'zh-CN': '已提交的内容', en: 'Submitted answers' },
    scores: { 'zh-CN': '得分与计算过程', en: 'Scores and how they came about' },
    noScores: { 'zh-CN': '尚未计算得分。', en: 'No scores computed yet.' },
    decision: { 'zh-CN': '审批意见', en: 'Your decision' },
    comment: { 'zh-CN': '意见（必填）', en: 'Comment (required)' },
    commentHint: {
      'zh-CN': '通过、退回和驳回都需要填写意见，意见会记录在流转记录中。',
      en: 'Approving, returning and rejecting all need a comment; it is kept in the history.',
    },
    approve: { 'zh-CN': '通过', en: 'Approve' },
    return: { 'zh-CN': '退回修改', en: 'Return for revision' },
    reject: { 'zh-CN': '驳回', en: 'Reject' },
    done: { 'zh-CN': '已处理：{outcome}', en: 'Done: {outcome}' },
    'outcome.submit': { 'zh-CN': '已提交', en: 'submitted' },
    'outcome.approve': { 'zh-CN': '已通过', en: 'approved' },
    'outcome.return': { 'zh-CN': '已退回', en: 'returned' },
    'outcome.reject': { 'zh-CN': '已驳回', en: 'rejected' },
    submitted: { 'zh-CN': '已提交。', en: 'Submitted.' },
    toInbox: { 'zh-CN': '返回待办', en: 'Back to the inbox' },
    'event.start': { 'zh-CN': '开始', en: 'started' },
    'event.end': { 'zh-CN': '结束', en: 'ended' },
    'event.cancel': { 'zh-CN': '已取消', en: 'cancelled' },
    'event.compute.done': { 'zh-CN': '已计算得分', en: 'scores computed' },
    'event.condition': { 'zh-CN': '条件判断', en: 'condition decided' },
    'event.decision': { 'zh-CN': '已决定', en: 'decided' },
    'event.join.arrive': { 'zh-CN': '分支汇合', en: 'branch arrived' },
    'event.notify': { 'zh-CN': '已通知', en: 'notified' },
    'event.overdue': { 'zh-CN': '已逾期', en: 'overdue' },
    'event.reminder': { 'zh-CN': '已提醒', en: 'reminded' },
    'event.task.complete': { 'zh-CN': '已处理', en: 'completed' },
    'event.task.delegate': { 'zh-CN': '已转交', en: 'delegated' },
    'event.task.escalate': { 'zh-CN': '已升级', en: 'escalated' },
    'event.wait.end': { 'zh-CN': '等待结束', en: 'wait ended' },
    'event.assignee.fallback': {
      'zh-CN': '无处理人，转给管理员',
      en: 'no assignee found; given to an admin',
    },
    viewScorecard: { 'zh-CN': '查看客户记分卡', en: 'Open the account scorecard' },
    delegate: { 'zh-CN': '转交给他人', en: 'Delegate to someone else' },
    delegateTo: { 'zh-CN': '转交给', en: 'Delegate to' },
    delegateChoose: { 'zh-CN': '请选择', en: 'Choose a person' },
    delegateComment: { 'zh-CN': '转交说明（必填）', en: 'Why (required)' },
    delegateHint: {
      'zh-CN': '任务将从您的待办中移到对方的待办，说明会记录在流转记录中。',
      en: 'The task leaves your inbox for theirs; the reason is kept in the history.',
    },
    delegateSubmit: { 'zh-CN': '转交', en: 'Delegate' },
    delegated: { 'zh-CN': '已转交给 {name}。', en: 'Delegated to {name}.' },
    'role.admin': { 'zh-CN': '管理员', en: 'admin' },
    'role.reviewer': { 'zh-CN': '审核人', en: 'reviewer' },
    'role.account_manager': { 'zh-CN': '客户经理', en: 'account manager' },
  },
  script: async (ks) => {
    interface HistoryEntry {
      at: string;
      stepId: string;
      event: string;
      actor?: string;
      outcome?: string;
      comment?: string;
    }
    interface Task {
      id: string;
      stepId: string;
      kind: string;
      title: { 'zh-CN': string; en: string };
      status: string;
      outcome: string | null;
      comment: string | null;
      dueAt: string | null;
      overdue: boolean;
      instance: {
        workflow: { key: string; version: number };
        subject: { type: string; id: string };
        period: string;
        stage: string[];
        history: HistoryEntry[];
        data: Record<string, unknown>;
      };
      form: { key: string; version: number; html: string } | null;
      scorecards: (ScorecardView & { account: { id: string; code: string; name?: string } })[];
    }
    const { h } = ks;
    const path = `/api/tasks/${encodeURIComponent(ks.params.id)}`;
    const accounts = await ks.accounts();

    let step: (stepId: string) => string = (id) => id;
    const draw = (task: Task) => {
      const subject = accounts.get(task.instance.subject.id);
      document.title = `${ks.bi(task.title)} · Keyscore`;
      const heading = document.querySelector('h1');
      if (heading) heading.textContent = ks.bi(task.title);
      const facts = h(
        'dl',
        { class: 'ks-card ks-trace-dl' },
        h('dt', null, ks.t('account')),
        h('dd', null, subject ? `${subject.name} (${subject.code})` : task.instance.subject.id),
        h('dt', null, ks.t('period')),
        h('dd', null, task.instance.period),
        h('dt', null, ks.t('due')),
        h(
          'dd',
          null,
          ks.date(task.dueAt),
          task.overdue ? [' ', h('span', { class: 'ks-badge' }, ks.t('overdue'))] : null,
        ),
        h('dt', null, ks.t('status')),
        h(
          'dd',
          { 'data-status': task.status },
          ks.t(`status.${task.status}`),
          task.outcome ? ` — ${ks.t(`outcome.${task.outcome}`)}` : '',
        ),
      );
      const answers = Object.entries(task.instance.data).filter(
        ([, value]) => value && typeof value === 'object' && !Array.isArray(value),
      );
      const answersSection = answers.length
        ? h(
            'section',
            { class: 'ks-card' },
            h('h2', null, ks.t('answers')),
            answers.map(([key, value]) =>
              h(
                'dl',
                { class: 'ks-trace-dl', 'data-answers': key },
                Object.entries(value as Record<string, unknown>).map(([name, v]) => [
                  h('dt', null, name),
                  h('dd', null, typeof v === 'object' ? JSON.stringify(v) : String(v)),
                ]),
              ),
            ),
          )
        : null;
      const history = h(
        'section',
        { class: 'ks-card' },
        h('h2', null, ks.t('history')),
        h(
          'ol',
          { class: 'ks-history' },
          task.instance.history
            .filter((e) => e.event !== 'enter')
            .map((e) =>
              h(
                'li',
                null,
                `${ks.date(e.at)} · ${step(e.stepId)} · ${e.outcome ? ks.t(`outcome.${e.outcome}`) : ks.t(`event.${e.event}`)}`,
                e.comment ? [': ', h('q', null, e.comment)] : null,
              ),
            ),
        ),
      );
      const scores = h(
        'section',
        { class: 'ks-card', id: 'ks-scores' },
        h('h2', null, ks.t('scores')),
        task.scorecards.length
          ? task.scorecards.map((card) => [
              h('h3', null, card.account.name ?? accounts.get(card.account.id)?.name ?? card.account.code),
              ks.scorecard(card),
              h(
                'p',
                null,
                h(
                  'a',
                  {
                    href: `/console/accounts/${card.account.id}?period=${task.instance.period}&lang=${ks.locale}`,
                  },
                  ks.t('viewScorecard'),
                ),
              ),
            ])
          : h('p', { class: 'ks-meta' }, ks.t('noScores')),
      );
      let action: HTMLElement | null = null;
      if (task.status === 'open' && task.kind === 'form' && task.form) action = formAction(task);
      else if (task.status === 'open') action = decisionAction();
      ks.fill(
        ks.root,
        facts,
        action,
        task.status === 'open' ? delegateAction() : null,
        answersSection,
        scores,
        history,
        h('p', null, h('a', { href: `/console/inbox?lang=${ks.locale}` }, ks.t('toInbox'))),
      );
    };

    /** The engine's form; its fields get data-pointer so the server's errors land next to them. */
    const formAction = (task: Task): HTMLElement => {
      const holder = h('section', { class: 'ks-card ks-task-form' });
      const parsed = new DOMParser().parseFromString(task.form!.html, 'text/html');
      const form = parsed.querySelector('form');
      if (!form) return holder;
      const adopted = document.importNode(form, true) as HTMLFormElement;
      adopted.querySelectorAll<HTMLElement>('.ks-field[id^="w-"]').forEach((wrapper) => {
        const name = wrapper.id.slice(2);
        const target =
          wrapper.querySelector<HTMLElement>('.ks-group') ??
          wrapper.querySelector<HTMLElement>('input,textarea,select');
        target?.setAttribute('data-pointer', `/body/fields/${name}`);
      });
      adopted.addEventListener('submit', async (event) => {
        event.preventDefault();
        const fields: Record<string, string | string[]> = {};
        new FormData(adopted).forEach((value, name) => {
          if (typeof value !== 'string' || name.startsWith('_')) return;
          const prior = fields[name];
          fields[name] = prior === undefined ? value : ([] as string[]).concat(prior, value);
        });
        const answer = await ks.api<Task>('POST', `${path}/complete`, { outcome: 'submit', fields });
        if (!answer.ok) return ks.problem(answer.problem, adopted);
        draw(answer.data);
        ks.say(ks.t('submitted'));
      });
      holder.append(adopted);
      return holder;
    };

    const decisionAction = (): HTMLElement => {
      const comment = h('textarea', {
        name: 'comment',
        rows: 3,
        'data-pointer': '/body/comment',
        required: true,
      });
      const form = h(
        'form',
        { class: 'ks-card ks-decision', novalidate: true },
        h('h2', null, ks.t('decision')),
        ks.field(ks.t('comment'), comment, ks.t('commentHint')),
        h(
          'div',
          { class: 'ks-actions' },
          h('button', { type: 'submit', class: 'ks-primary', value: 'approve' }, ks.t('approve')),
          h('button', { type: 'submit', value: 'return' }, ks.t('return')),
          h('button', { type: 'submit', class: 'ks-danger', value: 'reject' }, ks.t('reject')),
        ),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const outcome = ((event as SubmitEvent).submitter as HTMLButtonElement | null)?.value ?? 'approve';
        const answer = await ks.api<Task>('POST', `${path}/complete`, {
          outcome,
          comment: (comment as HTMLTextAreaElement).value,
        });
        if (!answer.ok) return ks.problem(answer.problem, form);
        draw(answer.data);
        ks.say(ks.t('done', { outcome: ks.t(`outcome.${outcome}`) }));
      });
      return form;
    };

    /** Hands the task to another person who works tasks; the page then leaves it (it is theirs now). */
    interface Delegate {
      id: string;
      displayName: string;
      role: string;
    }
    let delegates: Delegate[] = [];
    const delegateAction = (): HTMLElement => {
      const to = h(
        'select',
        { name: 'to', 'data-pointer': '/body/to', required: true },
        h('option', { value: '' }, ks.t('delegateChoose')),
        delegates
          .filter((d) => d.id !== ks.user.id)
          .map((d) => h('option', { value: d.id }, `${d.displayName} (${ks.t(`role.${d.role}`)})`)),
      ) as HTMLSelectElement;
      const comment = h('textarea', {
        name: 'comment',
        rows: 2,
        'data-pointer': '/body/comment',
        required: true,
      });
      const form = h(
        'form',
        { class: 'ks-card ks-delegate', novalidate: true },
        h('h2', null, ks.t('delegate')),
        ks.field(ks.t('delegateTo'), to),
        ks.field(ks.t('delegateComment'), comment, ks.t('delegateHint')),
        h('div', { class: 'ks-actions' }, h('button', { type: 'submit' }, ks.t('delegateSubmit'))),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const answer = await ks.api('POST', `${path}/delegate`, {
          to: to.value,
          comment: (comment as HTMLTextAreaElement).value,
        });
        if (!answer.ok) return ks.problem(answer.problem, form);
        const name = delegates.find((d) => d.id === to.value)?.displayName ?? to.value;
        const done = ks.t('delegated', { name });
        ks.fill(
          ks.root,
          h('p', { class: 'ks-card', id: 'ks-delegated' }, done),
          h('p', null, h('a', { href: `/console/inbox?lang=${ks.locale}` }, ks.t('toInbox'))),
        );
        ks.say(done);
      });
      return form;
    };

    const delegatesAnswer = await ks.api<Delegate[]>('GET', '/api/users/delegates');
    if (delegatesAnswer.ok) delegates = delegatesAnswer.data;
    const answer = await ks.api<Task>('GET', path);
    if (!answer.ok) ks.problem(answer.problem);
    else {
      step = await ks.stepTitles(answer.data.instance.workflow.key, answer.data.instance.workflow.version);
      draw(answer.data);
    }
    ks.ready();
  },
};
