/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { Bilingual } from '@keyscore/i18n';
import type { ConsolePage } from '../console-page';

/** Words for the actions and entity types the log holds most; others are shown by their code. */
const ACTION_TEXTS: Record<string, Bilingual> = {
  'account.create': { 'zh-CN': '新建客户', en: 'Account created' },
  'account_target.set': { 'zh-CN': '设置客户目标', en: 'Account target set' },
  'adjustment.propose': { 'zh-CN': '提出调整', en: 'Adjustment proposed' },
  'api_key.create': { 'zh-CN': '新建 API 密钥', en: 'API key created' },
  'api_key.revoke': { 'zh-CN': '吊销 API 密钥', en: 'API key revoked' },
  'connector.create': { 'zh-CN': '新建连接器', en: 'Connector created' },
  'connector.update': { 'zh-CN': '修改连接器', en: 'Connector changed' },
  'connector.set_secret': { 'zh-CN': '设置连接器密钥', en: 'Connector secret set' },
  'connector.delete': { 'zh-CN': '删除连接器', en: 'Connector deleted' },
  'contribution_split.set': { 'zh-CN': '设置贡献分配', en: 'Contribution split set' },
  'cycle.create': { 'zh-CN': '新建考核周期', en: 'Cycle created' },
  'cycle.launch': { 'zh-CN': '启动考核周期', en: 'Cycle launched' },
  'cycle.close': { 'zh-CN': '关闭考核周期', en: 'Cycle closed' },
  'department.create': { 'zh-CN': '新建部门', en: 'Department created' },
  'document.create': { 'zh-CN': '新建文档', en: 'Document created' },
  'document.save_draft': { 'zh-CN': '保存草稿', en: 'Draft saved' },
  'document.publish': { 'zh-CN': '发布版本', en: 'Version published' },
  'document.archive': { 'zh-CN': '归档文档', en: 'Document archived' },
  'form.submit': { 'zh-CN': '提交表单', en: 'Form submitted' },
  'person.create': { 'zh-CN': '新建人员', en: 'Person created' },
  'task.delegate': { 'zh-CN': '转交任务', en: 'Task delegated' },
  'user.create': { 'zh-CN': '新建用户', en: 'User created' },
  'webhook_endpoint.create': { 'zh-CN': '新建 Webhook 端点', en: 'Webhook endpoint created' },
};

/**
 * The audit log, newest first: who, when, what, and what changed (before → after, field by field), with
 * filters and paging back in time; and a check of the whole hash chain.
 */
export const auditPage: ConsolePage = {
  path: 'audit',
  permission: Permission.AuditRead,
  title: { 'zh-CN': '审计日志', en: 'Audit log' },
  nav: { group: 'admin', order: 40 },
  texts: {
    ...Object.fromEntries(Object.entries(ACTION_TEXTS).map(([action, text]) => [`action.${action}`, text])),
    actionCodes: { 'zh-CN': Object.keys(ACTION_TEXTS).join(','), en: Object.keys(ACTION_TEXTS).join(',') },
    filters: { 'zh-CN': '筛选', en: 'Filters' },
    entityType: { 'zh-CN': '对象类型', en: 'Entity type' },
    entityTypeHint: {
      'zh-CN': '例如 api_key、connector、scorecard_template',
      en: 'e.g. api_key, connector, scorecard_template',
    },
    entityId: { 'zh-CN': '对象编号', en: 'Entity id' },
    action: { 'zh-CN': '操作', en: 'Action' },
    actor: { 'zh-CN': '操作人', en: 'Who' },
    anyone: { 'zh-CN': '任何人', en: 'Anyone' },
    apply: { 'zh-CN': '筛选', en: 'Filter' },
    reset: { 'zh-CN': '清除筛选', en: 'Clear filters' },
    entries: { 'zh-CN': '日志条目（最新在前）', en: 'Entries, newest first' },
    noEntries: { 'zh-CN': '没有符合条件的条目。', en: 'No entries match.' },
    older: { 'zh-CN': '更早的条目', en: 'Older entries' },
    newest: { 'zh-CN': '回到最新', en: 'Back to the newest' },
    'col.seq': { 'zh-CN': '序号', en: '#' },
    'col.at': { 'zh-CN': '时间', en: 'When' },
    'col.who': { 'zh-CN': '操作人', en: 'Who' },
    'col.what': { 'zh-CN': '操作', en: 'What' },
    'col.entity': { 'zh-CN': '对象', en: 'Entity' },
    'col.changes': { 'zh-CN': '改动', en: 'Changes' },
    'col.field': { 'zh-CN': '字段', en: 'Field' },
    'col.before': { 'zh-CN': '之前', en: 'Before' },
    'col.after': { 'zh-CN': '之后', en: 'After' },
    changes: { 'zh-CN': '{count} 处改动', en: '{count} changes' },
    changesOf: { 'zh-CN': '条目 {seq} 的改动', en: 'Changes of entry {seq}' },
    noChanges: { 'zh-CN': '无内容变化', en: 'no content' },
    more: { 'zh-CN': '另有 {count} 处未显示', en: '{count} more not shown' },
    'actor.system': { 'zh-CN': '系统', en: 'System' },
    'actor.api_key': { 'zh-CN': 'API 密钥 {name}', en: 'API key {name}' },
    'actor.webhook': { 'zh-CN': 'Webhook {name}', en: 'Webhook {name}' },
    'actor.connector': { 'zh-CN': '连接器 {name}', en: 'Connector {name}' },
    verify: { 'zh-CN': '校验审计链', en: 'Verify the chain' },
    verifyIntro: {
      'zh-CN': '每条日志的哈希都包含前一条的哈希；校验会重新计算整条链，发现被修改、重算或删除的条目。',
      en: 'Each entry’s hash covers the one before it; verifying recomputes the whole chain and finds an entry edited, re-hashed or deleted.',
    },
    verifyOk: {
      'zh-CN': '审计链完整：已校验 {checked} 条。',
      en: 'The chain holds: {checked} entries checked.',
    },
    verifyBroken: {
      'zh-CN': '审计链在第 {at} 条处断开（{reason}）；之前的 {checked} 条完好。',
      en: 'The chain breaks at entry {at} ({reason}); the {checked} entries before it hold.',
    },
    'reason.hash_mismatch': { 'zh-CN': '内容与哈希不符', en: 'its content does not match its hash' },
    'reason.broken_link': {
      'zh-CN': '与前一条的链接不符',
      en: 'its link to the previous entry does not match',
    },
    'reason.gap': { 'zh-CN': '序号缺失', en: 'entries are missing' },
    loadFailed: { 'zh-CN': '无法读取审计日志。', en: 'The audit log could not be read.' },
  },
  script: async (ks) => {
    const { h, t } = ks;
    interface Entry {
      seq: number;
      at: string;
      actorType: string;
      actorId: string | null;
      action: string;
      entityType: string;
      entityId: string;
      before: unknown;
      after: unknown;
    }
    const PAGE = 50;

    // Names of the actors: users and API keys (each read only when the caller may).
    const names = new Map<string, string>();
    const [users, keys, endpoints, connectors] = await Promise.all([
      ks.can('users:manage')
        ? ks.api<{ id: string; displayName: string; email: string }[]>('GET', '/api/users')
        : null,
      ks.can('api-keys:manage') ? ks.api<{ id: string; name: string }[]>('GET', '/api/api-keys') : null,
      ks.can('webhooks:manage')
        ? ks.api<{ id: string; name: string }[]>('GET', '/api/webhook-endpoints')
        : null,
      ks.can('connectors:manage') ? ks.api<{ id: string; name: string }[]>('GET', '/api/connectors') : null,
    ]);
    if (users?.ok) for (const u of users.data) names.set(u.id, `${u.displayName} <${u.email}>`);
    for (const list of [keys, endpoints, connectors])
      if (list?.ok) for (const k of list.data) names.set(k.id, k.name);
    const who = (e: Entry) => {
      if (e.actorType === 'system' || !e.actorId) return t('actor.system');
      const name = names.get(e.actorId) ?? e.actorId;
      return e.actorType === 'user' ? name : t(`actor.${e.actorType}`, { name });
    };
    const what = (action: string) => {
      const words = t(`action.${action}`);
      return words === `action.${action}` ? action : words;
    };

    /** Flattens a value to pointer → text, for a field-by-field before/after. */
    const flatten = (value: unknown, prefix = '', out = new Map<string, string>()) => {
      if (value !== null && typeof value === 'object') {
        const entries = Array.isArray(value)
          ? value.map((v, i) => [String(i), v] as const)
          : Object.entries(value);
        if (!entries.length) out.set(prefix || '/', Array.isArray(value) ? '[]' : '{}');
        for (const [k, v] of entries) flatten(v, `${prefix}/${k}`, out);
      } else if (value !== undefined) out.set(prefix || '/', value === null ? 'null' : String(value));
      return out;
    };
    const diff = (e: Entry) => {
      const before =
        e.before === null || e.before === undefined ? new Map<string, string>() : flatten(e.before);
      const after = e.after === null || e.after === undefined ? new Map<string, string>() : flatten(e.after);
      const paths = [...new Set([...before.keys(), ...after.keys()])].filter(
        (p) => before.get(p) !== after.get(p),
      );
      return paths.map((p) => ({ path: p, before: before.get(p), after: after.get(p) }));
    };
    const changesCell = (e: Entry) => {
      const rows = diff(e);
      if (!rows.length) return h('span', { class: 'ks-meta' }, t('noChanges'));
      const shown = rows.slice(0, 200);
      return h(
        'details',
        { class: 'ks-diff' },
        h('summary', null, t('changes', { count: rows.length })),
        ks.table(
          t('changesOf', { seq: e.seq }),
          [t('col.field'), t('col.before'), t('col.after')],
          shown.map((r) => [
            h('code', null, r.path),
            r.before === undefined ? '—' : h('del', null, r.before),
            r.after === undefined ? '—' : h('ins', null, r.after),
          ]),
        ),
        rows.length > shown.length
          ? h('p', { class: 'ks-meta' }, t('more', { count: rows.length - shown.length }))
          : null,
      );
    };

    // ---- filters ----
    const input = (name: string, pointer: string, list?: string) =>
      h('input', {
        type: 'text',
        name,
        autocomplete: 'off',
        'data-pointer': pointer,
        list,
      }) as HTMLInputElement;
    const entityType = input('entityType', '/query/entityType', 'ks-entity-types');
    const entityId = input('entityId', '/query/entityId');
    const action = input('action', '/query/action', 'ks-actions');
    const actor = h(
      'select',
      { name: 'actorId', 'data-pointer': '/query/actorId' },
      h('option', { value: '' }, t('anyone')),
      [...names.entries()].map(([id, name]) => h('option', { value: id }, name)),
    ) as HTMLSelectElement;
    const types = [
      'account',
      'account_target',
      'adjustment',
      'api_key',
      'connector',
      'contribution_split',
      'cycle',
      'dashboard',
      'department',
      'form',
      'form_submission',
      'kpi',
      'metric_value',
      'person',
      'scorecard_template',
      'survey_campaign',
      'user',
      'webhook_endpoint',
      'workflow',
      'workflow_task',
    ];
    const filters = h(
      'form',
      { class: 'ks-card', id: 'ks-audit-filters', role: 'search', 'aria-labelledby': 'ks-filters-h' },
      h('h2', { id: 'ks-filters-h' }, t('filters')),
      h(
        'div',
        { class: 'ks-row' },
        ks.field(t('entityType'), entityType, t('entityTypeHint')),
        ks.field(t('entityId'), entityId),
        ks.field(t('action'), action),
        ks.field(t('actor'), actor),
      ),
      h(
        'datalist',
        { id: 'ks-entity-types' },
        types.map((v) => h('option', { value: v })),
      ),
      h(
        'datalist',
        { id: 'ks-actions' },
        t('actionCodes')
          .split(',')
          .map((v) => h('option', { value: v }, what(v))),
      ),
      h(
        'div',
        { class: 'ks-actions' },
        h('button', { type: 'submit', class: 'ks-primary' }, t('apply')),
        h('button', { type: 'reset' }, t('reset')),
      ),
    );

    // ---- entries ----
    const results = h('section', { class: 'ks-card', 'aria-labelledby': 'ks-entries-h' });
    const load = async (beforeSeq?: number) => {
      const query = new URLSearchParams({ order: 'desc', limit: String(PAGE) });
      for (const [name, el] of [
        ['entityType', entityType],
        ['entityId', entityId],
        ['action', action],
        ['actorId', actor],
      ] as const) {
        if (el.value.trim()) query.set(name, el.value.trim());
      }
      if (beforeSeq) query.set('beforeSeq', String(beforeSeq));
      const answer = await ks.api<Entry[]>('GET', `/api/audit?${query}`);
      if (!answer.ok) {
        ks.fill(results, h('h2', { id: 'ks-entries-h' }, t('entries')), h('p', null, t('loadFailed')));
        return ks.problem(answer.problem, filters);
      }
      ks.clearProblems(filters);
      const entries = answer.data;
      const last = entries[entries.length - 1];
      ks.fill(
        results,
        h('h2', { id: 'ks-entries-h', tabindex: '-1' }, t('entries')),
        entries.length
          ? h(
              'div',
              { class: 'ks-scroll' },
              ks.table(
                t('entries'),
                ['seq', 'at', 'who', 'what', 'entity', 'changes'].map((c) => t(`col.${c}`)),
                entries.map((e) => [
                  h('span', { 'data-seq': e.seq, 'data-action': e.action }, String(e.seq)),
                  h('time', { datetime: e.at }, ks.date(e.at)),
                  who(e),
                  [what(e.action), ' ', h('code', { class: 'ks-meta ks-block' }, e.action)],
                  [e.entityType, ' ', h('code', { class: 'ks-meta ks-block' }, e.entityId)],
                  changesCell(e),
                ]),
              ),
            )
          : h('p', null, t('noEntries')),
        h(
          'div',
          { class: 'ks-actions' },
          beforeSeq ? h('button', { type: 'button', onclick: () => void load() }, t('newest')) : null,
          entries.length === PAGE && last
            ? h('button', { type: 'button', id: 'ks-older', onclick: () => void load(last.seq) }, t('older'))
            : null,
        ),
      );
      if (beforeSeq) (results.querySelector('h2') as HTMLElement).focus();
    };
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      void load();
    });
    filters.addEventListener('reset', () => setTimeout(() => void load(), 0));

    // ---- verify ----
    const verdict = h('p', { id: 'ks-verify-result', role: 'status' });
    const verify = h(
      'section',
      { class: 'ks-card', 'aria-labelledby': 'ks-verify-h' },
      h('h2', { id: 'ks-verify-h' }, t('verify')),
      h('p', { class: 'ks-meta' }, t('verifyIntro')),
      h(
        'button',
        {
          type: 'button',
          id: 'ks-verify',
          onclick: async () => {
            const answer = await ks.api<{ ok: boolean; checked: number; brokenAt?: number; reason?: string }>(
              'GET',
              '/api/audit/verify',
            );
            if (!answer.ok) return ks.problem(answer.problem, verify);
            const r = answer.data;
            verdict.className = r.ok ? 'ks-live-ok' : 'ks-live-error';
            verdict.dataset.ok = String(r.ok);
            verdict.textContent = r.ok
              ? t('verifyOk', { checked: r.checked })
              : t('verifyBroken', {
                  at: r.brokenAt ?? '?',
                  checked: r.checked,
                  reason: t(`reason.${r.reason}`),
                });
          },
        },
        t('verify'),
      ),
      verdict,
    );

    await load();
    ks.fill(ks.root, verify, filters, results);
    ks.ready();
  },
};
