/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ScorecardView } from '../client/ks-client';
import type { ConsolePage } from '../console-page';

/** An account's scorecard for a quarter with the full trace (what a score is made of, and why). */
export const accountPage: ConsolePage = {
  path: 'accounts/:id',
  permission: Permission.ScoresRead,
  title: { 'zh-CN': '客户记分卡', en: 'Account scorecard' },
  texts: {
    period: { 'zh-CN': '季度', en: 'Quarter' },
    show: { 'zh-CN': '显示', en: 'Show' },
    template: { 'zh-CN': '记分卡模板：{key} v{version}', en: 'Scorecard template: {key} v{version}' },
    confidence: { 'zh-CN': '可信度：{value}', en: 'Confidence: {value}' },
  },
  script: async (ks) => {
    const { h } = ks;
    const now = new Date();
    const quarters: string[] = [];
    for (let i = 0; i < 8; i++) {
      const q = Math.floor(now.getUTCMonth() / 3) - i;
      const year = now.getUTCFullYear() + Math.floor(q / 4);
      quarters.push(`${year}-Q${(((q % 4) + 4) % 4) + 1}`);
    }
    const period = /^\d{4}-Q[1-4]$/.test(ks.params.period ?? '') ? ks.params.period : quarters[1];
    if (!quarters.includes(period)) quarters.push(period);
    const accounts = await ks.accounts();
    const account = accounts.get(ks.params.id);
    const heading = document.querySelector('h1');
    if (heading && account) heading.textContent = `${account.name} (${account.code})`;
    const select = h(
      'select',
      { name: 'period' },
      quarters.map((q) => h('option', { value: q, selected: q === period }, q)),
    );
    const picker = h(
      'form',
      { class: 'ks-row', method: 'get' },
      ks.field(ks.t('period'), select),
      h('input', { type: 'hidden', name: 'lang', value: ks.locale }),
      h('button', { type: 'submit' }, ks.t('show')),
    );
    const answer = await ks.api<
      ScorecardView & { template: { key: string; version: number }; confidence: string }
    >('GET', `/api/accounts/${encodeURIComponent(ks.params.id)}/scorecard?period=${period}`);
    if (!answer.ok) {
      ks.fill(ks.root, picker);
      ks.problem(answer.problem);
      return ks.ready();
    }
    ks.fill(
      ks.root,
      picker,
      h(
        'section',
        { class: 'ks-card' },
        h(
          'p',
          { class: 'ks-meta' },
          ks.t('template', { key: answer.data.template.key, version: answer.data.template.version }),
          ' · ',
          ks.t('confidence', { value: answer.data.confidence }),
        ),
        ks.scorecard(answer.data),
      ),
    );
    ks.ready();
  },
};
