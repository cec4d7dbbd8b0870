/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';

/**
 * The calibration view of a cycle: per reviewer normalisation, and a forced distribution against quotas per
 * rating band — quota, what the bands alone give, and what the distribution assigns — with the accounts
 * whose rating it changes. Read-only: the committee acts in its calibration approval task.
 */
export const calibrationPage: ConsolePage = {
  path: 'calibration/:id',
  permission: Permission.CyclesRead,
  title: { 'zh-CN': '校准视图', en: 'Calibration' },
  texts: {
    quotas: { 'zh-CN': '各评级配额（%）', en: 'Quota per rating (%)' },
    sum: { 'zh-CN': '合计 {sum}%', en: 'Sum {sum}%' },
    sumWrong: { 'zh-CN': '合计 {sum}%，须为 100%', en: 'Sum {sum}% — must be 100%' },
    apply: { 'zh-CN': '应用配额', en: 'Apply the quotas' },
    distribution: { 'zh-CN': '分布：配额与实际', en: 'Distribution: quota and actual' },
    rating: { 'zh-CN': '评级', en: 'Rating' },
    quota: { 'zh-CN': '配额', en: 'Quota' },
    natural: { 'zh-CN': '按分数段', en: 'By bands alone' },
    assigned: { 'zh-CN': '强制分布后', en: 'After forced distribution' },
    reviewers: { 'zh-CN': '评审人归一', en: 'Per-reviewer normalisation' },
    reviewer: { 'zh-CN': '评审人', en: 'Reviewer' },
    count: { 'zh-CN': '数量', en: 'Count' },
    mean: { 'zh-CN': '平均分', en: 'Mean' },
    sd: { 'zh-CN': '标准差', en: 'Std. dev.' },
    method: { 'zh-CN': '方法', en: 'Method' },
    accounts: { 'zh-CN': '客户评级', en: 'Ratings per account' },
    account: { 'zh-CN': '客户', en: 'Account' },
    rank: { 'zh-CN': '排名', en: 'Rank' },
    score: { 'zh-CN': '得分', en: 'Score' },
    changed: { 'zh-CN': '评级变化', en: 'Changed' },
    yes: { 'zh-CN': '是', en: 'yes' },
    back: { 'zh-CN': '返回周期', en: 'Back to the cycle' },
  },
  script: async (ks) => {
    interface View {
      accounts: number;
      reviewers: { reviewer: string; count: number; mean: number; sd: number; method: string }[];
      quotas: {
        rating: string;
        quotaPercent: number;
        quotaCount: number;
        naturalCount: number;
        assignedCount: number;
      }[];
      assignments: {
        id: string;
        score: number;
        rank: number;
        natural: string;
        rating: string;
        changed: boolean;
      }[];
    }
    const { h } = ks;
    const base = `/api/cycles/${encodeURIComponent(ks.params.id)}/calibration`;
    const accounts = await ks.accounts();
    const bands = ['S', 'A', 'B', 'C', 'D'];
    const given = new Map(
      (ks.params.quotas ?? 'S:10,A:20,B:40,C:20,D:10').split(',').map((pair) => {
        const [band, share] = pair.split(':');
        return [band, Number(share)] as const;
      }),
    );
    const inputs = bands.map((band) =>
      h('input', {
        type: 'number',
        min: 0,
        max: 100,
        step: 'any',
        name: band,
        value: given.get(band) ?? 0,
        'data-pointer': '/query/quotas',
        style: 'width:5rem',
      }),
    );
    const sum = h('p', { class: 'ks-meta', 'aria-live': 'polite', id: 'ks-quota-sum' });
    const apply = h('button', { type: 'submit', class: 'ks-primary' }, ks.t('apply'));
    const checkSum = () => {
      const total = inputs.reduce((acc, input) => acc + (Number((input as HTMLInputElement).value) || 0), 0);
      const ok = Math.abs(total - 100) < 1e-9;
      sum.textContent = ok ? ks.t('sum', { sum: total }) : ks.t('sumWrong', { sum: total });
      sum.className = ok ? 'ks-meta' : 'ks-problem';
      (apply as HTMLButtonElement).disabled = !ok;
    };
    inputs.forEach((input) => input.addEventListener('input', checkSum));
    const form = h(
      'form',
      { class: 'ks-card', novalidate: true },
      h(
        'fieldset',
        null,
        h('legend', null, ks.t('quotas')),
        h(
          'div',
          { class: 'ks-row' },
          inputs.map((input, i) => ks.field(bands[i], input)),
        ),
        sum,
      ),
      h('div', { class: 'ks-actions' }, apply),
    );
    const result = h('div', { id: 'ks-calibration' });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void show();
    });

    const bar = (value: number, max: number, label: string) =>
      h(
        'div',
        { class: 'ks-bar', title: label },
        h('span', {
          style: `display:inline-block;height:.8rem;background:#0b57d0;width:${max ? (value / max) * 100 : 0}%`,
        }),
      );

    const show = async () => {
      const quotas = bands
        .map((band, i) => `${band}:${Number((inputs[i] as HTMLInputElement).value) || 0}`)
        .join(',');
      const answer = await ks.api<View>('GET', `${base}?quotas=${encodeURIComponent(quotas)}`);
      if (!answer.ok) return ks.problem(answer.problem, form);
      ks.clearProblems(form);
      history.replaceState(null, '', `?quotas=${encodeURIComponent(quotas)}&lang=${ks.locale}`);
      const view = answer.data;
      const max = Math.max(1, ...view.quotas.flatMap((q) => [q.quotaCount, q.naturalCount, q.assignedCount]));
      const name = (id: string) => {
        const a = accounts.get(id);
        return a ? `${a.name} (${a.code})` : id;
      };
      ks.fill(
        result,
        h(
          'section',
          { class: 'ks-card' },
          h('h2', null, ks.t('distribution')),
          ks.table(
            ks.t('distribution'),
            [ks.t('rating'), ks.t('quota'), ks.t('natural'), ks.t('assigned'), ''],
            view.quotas.map((q) => [
              q.rating,
              `${q.quotaCount} (${ks.num(q.quotaPercent, 1)}%)`,
              String(q.naturalCount),
              String(q.assignedCount),
              [bar(q.quotaCount, max, ks.t('quota')), bar(q.assignedCount, max, ks.t('assigned'))],
            ]),
          ),
        ),
        h(
          'section',
          { class: 'ks-card' },
          h('h2', null, ks.t('reviewers')),
          ks.table(
            ks.t('reviewers'),
            [ks.t('reviewer'), ks.t('count'), ks.t('mean'), ks.t('sd'), ks.t('method')],
            view.reviewers.map((r) => [
              r.reviewer,
              String(r.count),
              ks.num(r.mean, 2),
              ks.num(r.sd, 2),
              r.method,
            ]),
          ),
        ),
        h(
          'section',
          { class: 'ks-card' },
          h('h2', null, ks.t('accounts')),
          ks.table(
            ks.t('accounts'),
            [
              ks.t('rank'),
              ks.t('account'),
              ks.t('score'),
              ks.t('natural'),
              ks.t('assigned'),
              ks.t('changed'),
            ],
            view.assignments.map((a) => [
              String(a.rank),
              name(a.id),
              ks.num(a.score, 2),
              a.natural,
              a.rating,
              a.changed ? h('strong', null, ks.t('yes')) : '',
            ]),
          ),
        ),
      );
    };
    checkSum();
    ks.fill(
      ks.root,
      h('p', null, h('a', { href: `/console/cycles/${ks.params.id}?lang=${ks.locale}` }, ks.t('back'))),
      form,
      result,
    );
    await show();
    ks.ready();
  },
};
