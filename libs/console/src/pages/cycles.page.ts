/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';

/**
 * Review cycles: the list with their state, and (admins) a new cycle — period, scope, workflow version and
 * the published scorecard template each account type is scored with (its version pinned by the cycle).
 */
export const cyclesPage: ConsolePage = {
  path: 'cycles',
  permission: Permission.CyclesRead,
  title: { 'zh-CN': '考核周期', en: 'Review cycles' },
  nav: { group: 'review', order: 1 },
  texts: {
    caption: { 'zh-CN': '全部考核周期', en: 'All review cycles' },
    name: { 'zh-CN': '名称', en: 'Name' },
    period: { 'zh-CN': '季度', en: 'Quarter' },
    periodHint: { 'zh-CN': '格式：2026-Q3', en: 'Like 2026-Q3' },
    workflow: { 'zh-CN': '审批流程', en: 'Workflow' },
    status: { 'zh-CN': '状态', en: 'Status' },
    'status.draft': { 'zh-CN': '草稿', en: 'draft' },
    'status.launching': { 'zh-CN': '启动中', en: 'launching' },
    'status.running': { 'zh-CN': '进行中', en: 'running' },
    'status.closed': { 'zh-CN': '已关闭', en: 'closed' },
    granularity: { 'zh-CN': '实例粒度', en: 'One review per' },
    'granularity.account': { 'zh-CN': '每个客户一个', en: 'account' },
    'granularity.account_manager': { 'zh-CN': '每位客户经理一个', en: 'account manager' },
    accountTypes: { 'zh-CN': '客户类型（不选则全部）', en: 'Account types (none ticked: all)' },
    accounts: { 'zh-CN': '仅限以下客户（不选则按类型）', en: 'Only these accounts (none ticked: by type)' },
    'type.multinational': { 'zh-CN': '跨国企业', en: 'Multinational' },
    'type.local_enterprise': { 'zh-CN': '本地大型企业', en: 'Local large enterprise' },
    create: { 'zh-CN': '新建考核周期', en: 'New review cycle' },
    createButton: { 'zh-CN': '创建并预览', en: 'Create and preview' },
    templates: { 'zh-CN': '考核模板', en: 'Scorecard templates' },
    templatesHint: {
      'zh-CN': '每类客户使用的已发布模板，创建时锁定所选版本；不选则使用内置模板。',
      en: 'The published template each account type is scored with; the cycle pins the version shown. Built in unless you pick one.',
    },
    templateFor: { 'zh-CN': '{type}的考核模板', en: 'Template for {type}' },
    builtinTemplate: { 'zh-CN': '内置模板', en: 'Built-in template' },
    templateOption: { 'zh-CN': '{name}（{key} 第 {version} 版）', en: '{name} ({key} v{version})' },
    empty: { 'zh-CN': '还没有考核周期。', en: 'No review cycles yet.' },
  },
  script: async (ks) => {
    interface Cycle {
      id: string;
      name: string;
      period: string;
      workflowKey: string;
      workflowVersion: number;
      status: string;
      launchedAt: string | null;
      closedAt: string | null;
    }
    const { h } = ks;
    const answer = await ks.api<Cycle[]>('GET', '/api/cycles');
    if (!answer.ok) {
      ks.problem(answer.problem);
      return ks.ready();
    }
    const list = answer.data.length
      ? ks.table(
          ks.t('caption'),
          [ks.t('name'), ks.t('period'), ks.t('workflow'), ks.t('status')],
          answer.data.map((c) => [
            h('a', { href: `/console/cycles/${c.id}?lang=${ks.locale}` }, c.name),
            c.period,
            `${c.workflowKey} v${c.workflowVersion}`,
            ks.t(`status.${c.status}`),
          ]),
        )
      : h('p', { class: 'ks-card' }, ks.t('empty'));
    let create: HTMLElement | null = null;
    if (ks.can('cycles:manage')) {
      const workflows = await ks.api<{ key: string; publishedVersion: number | null }[]>(
        'GET',
        '/api/documents/workflow',
      );
      const name = h('input', { type: 'text', name: 'name', required: true, 'data-pointer': '/body/name' });
      const period = h('input', {
        type: 'text',
        name: 'period',
        required: true,
        placeholder: '2026-Q3',
        'data-pointer': '/body/period',
      });
      const workflow = h(
        'select',
        { name: 'workflow', 'data-pointer': '/body/workflow/key' },
        (workflows.ok ? workflows.data : [])
          .filter((w) => w.publishedVersion)
          .map((w) =>
            h(
              'option',
              { value: w.key, selected: w.key === 'quarterly_review' },
              `${w.key} v${w.publishedVersion}`,
            ),
          ),
      );
      // Published scorecard templates, with the account type each scores (read from the published version).
      interface TemplateVersion {
        key: string;
        version: number;
        name: { 'zh-CN': string; en: string };
        accountType: string;
      }
      const templateDocs = await ks.api<{ key: string; status: string; publishedVersion: number | null }[]>(
        'GET',
        '/api/documents/scorecard_template',
      );
      const published = (templateDocs.ok ? templateDocs.data : []).filter(
        (d) => d.publishedVersion && d.status !== 'archived',
      );
      const versions = (
        await Promise.all(
          published.map((d) =>
            ks.api<{ version: number; content: { name: TemplateVersion['name']; accountType: string } }>(
              'GET',
              `/api/documents/scorecard_template/${encodeURIComponent(d.key)}/versions/${d.publishedVersion}`,
            ),
          ),
        )
      ).flatMap((answer, i): TemplateVersion[] =>
        answer.ok
          ? [
              {
                key: published[i]!.key,
                version: answer.data.version,
                name: answer.data.content.name,
                accountType: answer.data.content.accountType,
              },
            ]
          : [],
      );
      // The template account types an account type accepts (the server checks the same on create).
      const fits: Record<string, string[]> = {
        multinational: ['multinational'],
        local_enterprise: ['local_enterprise', 'local_large_enterprise'],
      };
      const templateSelects = ['multinational', 'local_enterprise'].map((type) => {
        const select = h(
          'select',
          {
            name: `template.${type}`,
            id: `ks-template-${type}`,
            'data-account-type': type,
            'data-pointer': `/body/templates/${type}`,
          },
          h('option', { value: '' }, ks.t('builtinTemplate')),
          versions
            .filter((v) => fits[type]!.includes(v.accountType))
            .map((v) =>
              h(
                'option',
                { value: `${v.key}@${v.version}` },
                ks.t('templateOption', { name: ks.bi(v.name), key: v.key, version: v.version }),
              ),
            ),
        );
        return ks.field(ks.t('templateFor', { type: ks.t(`type.${type}`) }), select);
      });
      const granularity = h(
        'select',
        { name: 'granularity', 'data-pointer': '/body/granularity' },
        ['account', 'account_manager'].map((g) => h('option', { value: g }, ks.t(`granularity.${g}`))),
      );
      const types = ['multinational', 'local_enterprise'].map((type) => {
        const box = h('input', {
          type: 'checkbox',
          name: 'accountTypes',
          value: type,
          id: `ks-type-${type}`,
        });
        return h('div', null, box, ' ', h('label', { for: `ks-type-${type}` }, ks.t(`type.${type}`)));
      });
      const accounts = [...(await ks.accounts()).values()].sort((a, b) => a.code.localeCompare(b.code));
      const accountBoxes = accounts.map((a) => {
        const id = `ks-account-${a.id}`;
        return h(
          'div',
          null,
          h('input', { type: 'checkbox', name: 'accountIds', value: a.id, id, 'data-code': a.code }),
          ' ',
          h('label', { for: id }, `${a.name} (${a.code})`),
        );
      });
      create = h(
        'form',
        { class: 'ks-card', id: 'ks-new-cycle', novalidate: true },
        h('h2', null, ks.t('create')),
        h(
          'div',
          { class: 'ks-row' },
          ks.field(ks.t('name'), name),
          ks.field(ks.t('period'), period, ks.t('periodHint')),
          ks.field(ks.t('workflow'), workflow),
          ks.field(ks.t('granularity'), granularity),
        ),
        h(
          'fieldset',
          { 'data-pointer': '/body/scope/accountTypes' },
          h('legend', null, ks.t('accountTypes')),
          types,
        ),
        h(
          'fieldset',
          { 'data-pointer': '/body/templates', id: 'ks-cycle-templates' },
          h('legend', null, ks.t('templates')),
          h('p', { class: 'ks-meta' }, ks.t('templatesHint')),
          h('div', { class: 'ks-row' }, templateSelects),
        ),
        h(
          'details',
          null,
          h('summary', null, ks.t('accounts')),
          h(
            'fieldset',
            { 'data-pointer': '/body/scope/accountIds', class: 'ks-account-list' },
            h('legend', { class: 'ks-vh' }, ks.t('accounts')),
            accountBoxes,
          ),
        ),
        h(
          'div',
          { class: 'ks-actions' },
          h('button', { type: 'submit', class: 'ks-primary' }, ks.t('createButton')),
        ),
      );
      const form = create as HTMLFormElement;
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const accountTypes = data.getAll('accountTypes').map(String);
        const accountIds = data.getAll('accountIds').map(String);
        const templates: Record<string, { key: string; version: number }> = {};
        for (const type of ['multinational', 'local_enterprise']) {
          const [key, version] = String(data.get(`template.${type}`) ?? '').split('@');
          if (key && version) templates[type] = { key, version: Number(version) };
        }
        const created = await ks.api<Cycle>('POST', '/api/cycles', {
          name: String(data.get('name') ?? ''),
          period: String(data.get('period') ?? '').trim(),
          workflow: { key: String(data.get('workflow') ?? '') },
          granularity: String(data.get('granularity') ?? 'account'),
          scope: {
            ...(accountTypes.length ? { accountTypes } : {}),
            ...(accountIds.length ? { accountIds } : {}),
          },
          ...(Object.keys(templates).length ? { templates } : {}),
        });
        if (!created.ok) return ks.problem(created.problem, form);
        location.href = `/console/cycles/${created.data.id}?lang=${ks.locale}`;
      });
    }
    ks.fill(ks.root, create, list);
    ks.ready();
  },
};
