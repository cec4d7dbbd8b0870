/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';

/**
 * One review cycle: before launch, the preview (how many reviews, who gets which first task) and the launch;
 * while running, a progress bar with counts per stage and the overdue tasks (refreshed); then close, and
 * the scores with links to their traces and to the calibration view.
 */
export const cyclePage: ConsolePage = {
  path: 'cycles/:id',
  permission: Permission.CyclesRead,
  title: { 'zh-CN': '考核周期', en: 'Review cycle' },
  texts: {
    'status.draft': { 'zh-CN': '草稿（未启动）', en: 'draft (not launched)' },
    'instance.created': { 'zh-CN': '已创建', en: 'created' },
    'instance.running': { 'zh-CN': '进行中', en: 'running' },
    'instance.completed': { 'zh-CN': '已完成', en: 'completed' },
    'instance.rejected': { 'zh-CN': '已驳回', en: 'rejected' },
    'instance.cancelled': { 'zh-CN': '已取消', en: 'cancelled' },
    'status.running': { 'zh-CN': '进行中', en: 'running' },
    'status.closed': { 'zh-CN': '已关闭，成绩已锁定', en: 'closed, scores locked' },
    facts: {
      'zh-CN': '{period} · 流程 {workflow} · {status}',
      en: '{period} · workflow {workflow} · {status}',
    },
    templates: { 'zh-CN': '考核模板：{list}', en: 'Scorecard templates: {list}' },
    templateOf: { 'zh-CN': '{type} {template}', en: '{type} {template}' },
    'type.multinational': { 'zh-CN': '跨国企业', en: 'multinational' },
    'type.local_enterprise': { 'zh-CN': '本地大型企业', en: 'local large enterprise' },
    builtinTemplate: { 'zh-CN': '内置', en: 'built in' },
    preview: { 'zh-CN': '启动预览', en: 'Launch preview' },
    previewText: {
      'zh-CN': '将为 {accounts} 个客户创建 {instances} 个考核实例。',
      en: '{instances} reviews will be created for {accounts} accounts.',
    },
    firstTasks: { 'zh-CN': '首个任务分配', en: 'Who gets the first task' },
    assignee: { 'zh-CN': '处理人', en: 'Assignee' },
    step: { 'zh-CN': '步骤', en: 'Step' },
    count: { 'zh-CN': '数量', en: 'Count' },
    launch: { 'zh-CN': '启动考核', en: 'Launch the cycle' },
    launched: { 'zh-CN': '已启动。', en: 'Launched.' },
    progress: { 'zh-CN': '进度', en: 'Progress' },
    completion: { 'zh-CN': '完成 {value}%', en: '{value}% complete' },
    byStage: { 'zh-CN': '各环节数量', en: 'Reviews per stage' },
    byStatus: { 'zh-CN': '各状态数量', en: 'Reviews per status' },
    stage: { 'zh-CN': '环节', en: 'Stage' },
    status: { 'zh-CN': '状态', en: 'Status' },
    overdue: { 'zh-CN': '逾期任务（{count}）', en: 'Overdue tasks ({count})' },
    close: { 'zh-CN': '关闭周期', en: 'Close the cycle' },
    force: { 'zh-CN': '取消仍未完成的考核并关闭', en: 'Cancel reviews still open and close' },
    reason: { 'zh-CN': '关闭说明（可选）', en: 'Reason (optional)' },
    closed: { 'zh-CN': '周期已关闭，成绩已锁定。', en: 'Cycle closed; scores locked.' },
    scores: { 'zh-CN': '成绩', en: 'Scores' },
    account: { 'zh-CN': '客户', en: 'Account' },
    score: { 'zh-CN': '得分', en: 'Score' },
    rating: { 'zh-CN': '评级', en: 'Rating' },
    coverage: { 'zh-CN': '覆盖率', en: 'Coverage' },
    calibration: { 'zh-CN': '打开校准视图', en: 'Open the calibration view' },
    noScores: { 'zh-CN': '暂无成绩。', en: 'No scores yet.' },
  },
  script: async (ks) => {
    interface Cycle {
      id: string;
      name: string;
      period: string;
      workflowKey: string;
      workflowVersion: number;
      status: string;
      templates?: Record<string, { key: string; version: number }>;
    }
    interface Progress {
      cycle: Cycle;
      total: number;
      byStatus: Record<string, number>;
      byStage: Record<string, number>;
      completion: number;
      overdue: { taskId?: string; id?: string; stepId: string; dueAt: string; assignee?: string }[];
    }
    const { h } = ks;
    const base = `/api/cycles/${encodeURIComponent(ks.params.id)}`;
    const [accounts, users] = await Promise.all([
      ks.accounts(),
      ks.can('users:manage')
        ? ks.api<{ id: string; displayName: string }[]>('GET', '/api/users')
        : Promise.resolve({ ok: false, data: [] as { id: string; displayName: string }[] }),
    ]);
    const userName = new Map((users.ok ? users.data : []).map((u) => [u.id, u.displayName]));
    const status = h('div', { id: 'ks-cycle-status' });
    const body = h('div', { id: 'ks-cycle-body' });
    let timer: number | undefined;

    const counts = (caption: string, label: string, entries: Record<string, number>, prefix: string) =>
      ks.table(
        caption,
        [label, ks.t('count')],
        Object.entries(entries).map(([key, count]) => [
          prefix ? ks.t(`${prefix}${key}`) : key,
          String(count),
        ]),
      );

    const scoresSection = async () => {
      const scores = await ks.api<
        { accountId: string; score: number | null; rating: string | null; coverage: number | null }[]
      >('GET', `${base}/scores`);
      if (!scores.ok || !scores.data.length) return h('p', { class: 'ks-meta' }, ks.t('noScores'));
      return ks.table(
        ks.t('scores'),
        [ks.t('account'), ks.t('score'), ks.t('rating'), ks.t('coverage')],
        scores.data.map((s) => {
          const a = accounts.get(s.accountId);
          return [
            h(
              'a',
              { href: `/console/accounts/${s.accountId}?period=${cycle.period}&lang=${ks.locale}` },
              a ? `${a.name} (${a.code})` : s.accountId,
            ),
            ks.num(s.score, 2),
            s.rating ?? '—',
            s.coverage === null ? '—' : `${ks.num(s.coverage * 100, 0)}%`,
          ];
        }),
      );
    };

    const drawDraft = async () => {
      const step = await ks.stepTitles(cycle.workflowKey, cycle.workflowVersion);
      const preview = await ks.api<{
        instances: number;
        accounts: number;
        firstTasks: { assignee: string; stepId: string; count: number }[];
      }>('GET', `${base}/preview`);
      if (!preview.ok) return ks.problem(preview.problem);
      const launch = h('button', { type: 'button', class: 'ks-primary', id: 'ks-launch' }, ks.t('launch'));
      launch.addEventListener('click', async () => {
        (launch as HTMLButtonElement).disabled = true;
        const launched = await ks.api('POST', `${base}/launch`);
        (launch as HTMLButtonElement).disabled = false;
        if (!launched.ok) return ks.problem(launched.problem);
        ks.say(ks.t('launched'));
        await load();
      });
      ks.fill(
        body,
        h(
          'section',
          { class: 'ks-card' },
          h('h2', null, ks.t('preview')),
          h(
            'p',
            { 'data-instances': preview.data.instances },
            ks.t('previewText', { instances: preview.data.instances, accounts: preview.data.accounts }),
          ),
          ks.table(
            ks.t('firstTasks'),
            [ks.t('assignee'), ks.t('step'), ks.t('count')],
            preview.data.firstTasks.map((t) => [
              userName.get(t.assignee) ?? t.assignee,
              step(t.stepId),
              String(t.count),
            ]),
          ),
          ks.can('cycles:manage') ? h('div', { class: 'ks-actions' }, launch) : null,
        ),
      );
    };

    const drawRunning = async (progress: Progress) => {
      const step = await ks.stepTitles(progress.cycle.workflowKey, progress.cycle.workflowVersion);
      const percent = Math.round(progress.completion * 1000) / 10;
      const closeForm =
        ks.can('cycles:manage') && progress.cycle.status === 'running' ? closeSection() : null;
      ks.fill(
        body,
        h(
          'section',
          { class: 'ks-card' },
          h('h2', null, ks.t('progress')),
          h(
            'div',
            {
              class: 'ks-progress',
              role: 'progressbar',
              'aria-valuemin': 0,
              'aria-valuemax': 100,
              'aria-valuenow': percent,
              'aria-label': ks.t('progress'),
            },
            h('span', { style: `width:${percent}%` }),
          ),
          h(
            'p',
            { 'data-completion': percent },
            ks.t('completion', { value: percent }),
            ` (${progress.total})`,
          ),
          h(
            'div',
            { class: 'ks-grid' },
            counts(ks.t('byStatus'), ks.t('status'), progress.byStatus, 'instance.'),
            ks.table(
              ks.t('byStage'),
              [ks.t('stage'), ks.t('count')],
              Object.entries(progress.byStage).map(([id, count]) => [step(id), String(count)]),
            ),
          ),
          progress.overdue.length
            ? ks.table(
                ks.t('overdue', { count: progress.overdue.length }),
                [ks.t('step'), ks.t('assignee')],
                progress.overdue.map((o) => [
                  `${step(o.stepId)} · ${ks.date(o.dueAt)}`,
                  o.assignee ? (userName.get(o.assignee) ?? o.assignee) : '—',
                ]),
              )
            : null,
        ),
        closeForm,
        h(
          'section',
          { class: 'ks-card' },
          h('h2', null, ks.t('scores')),
          h(
            'p',
            null,
            h(
              'a',
              { href: `/console/calibration/${progress.cycle.id}?lang=${ks.locale}` },
              ks.t('calibration'),
            ),
          ),
          await scoresSection(),
        ),
      );
    };

    const closeSection = () => {
      const force = h('input', {
        type: 'checkbox',
        name: 'force',
        id: 'ks-force',
        'data-pointer': '/body/force',
      });
      const reason = h('input', { type: 'text', name: 'reason', 'data-pointer': '/body/reason' });
      const form = h(
        'form',
        { class: 'ks-card', id: 'ks-close', novalidate: true },
        h('h2', null, ks.t('close')),
        h('div', null, force, ' ', h('label', { for: 'ks-force' }, ks.t('force'))),
        ks.field(ks.t('reason'), reason),
        h('div', { class: 'ks-actions' }, h('button', { type: 'submit', class: 'ks-danger' }, ks.t('close'))),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const text = (reason as HTMLInputElement).value.trim();
        const closed = await ks.api('POST', `${base}/close`, {
          force: (force as HTMLInputElement).checked,
          ...(text ? { reason: text } : {}),
        });
        if (!closed.ok) return ks.problem(closed.problem, form);
        ks.say(ks.t('closed'));
        await load();
      });
      return form;
    };

    let cycle: Cycle;
    const load = async () => {
      window.clearTimeout(timer);
      const answer = await ks.api<Progress>('GET', `${base}/progress`);
      if (!answer.ok) {
        ks.problem(answer.problem);
        return;
      }
      cycle = answer.data.cycle;
      const heading = document.querySelector('h1');
      if (heading) heading.textContent = cycle.name;
      // The body first, then the status line: a page that says "running" already shows the progress, never
      // the launch preview it replaces (drawing the body waits for the step titles).
      if (cycle.status === 'draft') await drawDraft();
      else await drawRunning(answer.data);
      ks.fill(
        status,
        h(
          'p',
          { class: 'ks-meta', 'data-status': cycle.status },
          ks.t('facts', {
            period: cycle.period,
            workflow: `${cycle.workflowKey} v${cycle.workflowVersion}`,
            status: ks.t(`status.${cycle.status}`),
          }),
        ),
        h(
          'p',
          { class: 'ks-meta', 'data-templates': '' },
          ks.t('templates', {
            list: ['multinational', 'local_enterprise']
              .map((type) => {
                const pinned = cycle.templates?.[type];
                return ks.t('templateOf', {
                  type: ks.t(`type.${type}`),
                  template: pinned ? `${pinned.key} v${pinned.version}` : ks.t('builtinTemplate'),
                });
              })
              .join(ks.locale === 'zh-CN' ? '；' : ' · '),
          }),
        ),
      );
      // A running cycle moves on by itself (workers): refresh while the page is open, without stealing focus.
      if (cycle.status === 'running' && !body.contains(document.activeElement))
        timer = window.setTimeout(() => void load(), 5000);
    };
    ks.fill(ks.root, status, body);
    await load();
    ks.ready();
  },
};
