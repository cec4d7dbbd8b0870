/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';

/**
 * An account manager's own reviews: per account and period where it stands, the score with a link to its
 * trace, and a dispute of a published (locked) score with a reason.
 */
export const myReviewsPage: ConsolePage = {
  path: 'my',
  permission: Permission.TasksWork,
  title: { 'zh-CN': '我的考核', en: 'My reviews' },
  nav: { group: 'mine', order: 2 },
  texts: {
    empty: { 'zh-CN': '暂无考核。', en: 'No reviews yet.' },
    caption: { 'zh-CN': '我负责客户的考核', en: 'Reviews of my accounts' },
    account: { 'zh-CN': '客户', en: 'Account' },
    period: { 'zh-CN': '期间', en: 'Period' },
    stage: { 'zh-CN': '当前环节', en: 'Stage' },
    score: { 'zh-CN': '得分', en: 'Score' },
    actions: { 'zh-CN': '操作', en: 'Actions' },
    'status.created': { 'zh-CN': '已创建', en: 'created' },
    'status.running': { 'zh-CN': '进行中', en: 'running' },
    'status.completed': { 'zh-CN': '已完成', en: 'completed' },
    'status.cancelled': { 'zh-CN': '已取消', en: 'cancelled' },
    'status.rejected': { 'zh-CN': '已驳回', en: 'rejected' },
    locked: { 'zh-CN': '已锁定', en: 'locked' },
    trace: { 'zh-CN': '计算过程', en: 'Trace' },
    dispute: { 'zh-CN': '申诉', en: 'Dispute' },
    disputeTitle: {
      'zh-CN': '对 {account} {period} 的成绩申诉',
      en: 'Dispute the {period} score of {account}',
    },
    reason: { 'zh-CN': '申诉理由', en: 'Reason' },
    reasonHint: {
      'zh-CN': '说明哪项数据或计算有误，以及依据（至少 5 个字）。',
      en: 'Say which value or calculation is wrong and why (at least 5 characters).',
    },
    send: { 'zh-CN': '提交申诉', en: 'Send the dispute' },
    sent: { 'zh-CN': '申诉已提交，部门负责人将处理。', en: 'Dispute sent; the department head will decide.' },
  },
  script: async (ks) => {
    interface Review {
      id: string;
      cycleId: string;
      workflow: { key: string; version: number };
      subject: { type: string; id: string };
      period: string;
      status: string;
      stage: string[];
      scores: { accountId: string; score: number | null; rating: string | null; lockedAt: string | null }[];
    }
    const { h } = ks;
    const [answer, accounts] = await Promise.all([ks.api<Review[]>('GET', '/api/my/reviews'), ks.accounts()]);
    if (!answer.ok) {
      ks.problem(answer.problem);
      return ks.ready();
    }
    const panel = h('div', { id: 'ks-dispute' });
    const name = (id: string) => {
      const a = accounts.get(id);
      return a ? `${a.name} (${a.code})` : id;
    };
    const openDispute = (review: Review, accountId: string) => {
      const reason = h('textarea', {
        name: 'reason',
        rows: 4,
        'data-pointer': '/body/reason',
        required: true,
      });
      const form = h(
        'form',
        { class: 'ks-card', novalidate: true },
        h('h2', null, ks.t('disputeTitle', { account: name(accountId), period: review.period })),
        ks.field(ks.t('reason'), reason, ks.t('reasonHint')),
        h('div', { class: 'ks-actions' }, h('button', { type: 'submit', class: 'ks-primary' }, ks.t('send'))),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const sent = await ks.api('POST', `/api/cycles/${review.cycleId}/accounts/${accountId}/dispute`, {
          reason: (reason as HTMLTextAreaElement).value,
        });
        if (!sent.ok) return ks.problem(sent.problem, form);
        ks.fill(panel);
        ks.say(ks.t('sent'));
      });
      ks.fill(panel, form);
      (reason as HTMLTextAreaElement).focus();
    };
    const titles = new Map<string, (stepId: string) => string>();
    for (const review of answer.data) {
      const id = `${review.workflow.key}@${review.workflow.version}`;
      if (!titles.has(id)) titles.set(id, await ks.stepTitles(review.workflow.key, review.workflow.version));
    }
    const rows = answer.data.flatMap((review) => {
      const step = titles.get(`${review.workflow.key}@${review.workflow.version}`)!;
      const ids =
        review.subject.type === 'account' ? [review.subject.id] : review.scores.map((s) => s.accountId);
      return ids.map((accountId) => {
        const score = review.scores.find((s) => s.accountId === accountId);
        const locked = !!score?.lockedAt;
        return [
          name(accountId),
          review.period,
          [
            ks.t(`status.${review.status}`),
            review.stage.length ? ` · ${review.stage.map(step).join(', ')}` : '',
          ],
          score
            ? [
                `${ks.num(score.score, 2)}${score.rating ? ` (${score.rating})` : ''}`,
                locked ? [' ', h('span', { class: 'ks-badge' }, ks.t('locked'))] : null,
              ]
            : '—',
          [
            h(
              'a',
              { href: `/console/accounts/${accountId}?period=${review.period}&lang=${ks.locale}` },
              ks.t('trace'),
            ),
            locked && ks.can('scores:dispute')
              ? [
                  ' ',
                  h(
                    'button',
                    {
                      type: 'button',
                      'data-dispute': accountId,
                      'aria-label': `${ks.t('dispute')}: ${name(accountId)} ${review.period}`,
                      onclick: () => openDispute(review, accountId),
                    },
                    ks.t('dispute'),
                  ),
                ]
              : null,
          ],
        ];
      });
    });
    ks.fill(
      ks.root,
      rows.length
        ? ks.table(
            ks.t('caption'),
            [ks.t('account'), ks.t('period'), ks.t('stage'), ks.t('score'), ks.t('actions')],
            rows,
          )
        : h('p', { class: 'ks-card' }, ks.t('empty')),
      panel,
    );
    ks.ready();
  },
};
