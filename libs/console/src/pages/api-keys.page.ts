/// <reference lib="dom" />
import { API_KEY_PERMISSIONS, Permission } from '@keyscore/auth';
import type { Bilingual } from '@keyscore/i18n';
import type { ConsolePage } from '../console-page';

type ApiKeyPermission = (typeof API_KEY_PERMISSIONS)[number];

/** What each permission an API key may carry lets IT do (a new permission needs its words here). */
const SCOPE_TEXTS: Record<ApiKeyPermission, Bilingual> = {
  [Permission.AccountsRead]: { 'zh-CN': '读取大客户', en: 'Read key accounts' },
  [Permission.MetricsRead]: { 'zh-CN': '读取数据项定义', en: 'Read metric definitions' },
  [Permission.MetricValuesRead]: { 'zh-CN': '读取指标数据', en: 'Read metric values' },
  [Permission.MetricValuesWrite]: { 'zh-CN': '写入指标数据', en: 'Write metric values' },
};
/** Permissions whose scope may be narrowed to some metrics (see readableMetricKeys / writableMetricKeys). */
const METRIC_SCOPED: readonly string[] = [Permission.MetricValuesRead, Permission.MetricValuesWrite];

/**
 * API keys for IT: the list with scopes and last use, a form to create one (the secret is shown once,
 * with a copy button and a warning), revocation after a confirmation. Below, the signed webhook
 * endpoints: list, create and rotate (their signing secret is also shown once).
 */
export const apiKeysPage: ConsolePage = {
  path: 'api-keys',
  permission: Permission.ApiKeysManage,
  title: { 'zh-CN': 'API 密钥与 Webhook', en: 'API keys and webhooks' },
  nav: { group: 'admin', order: 30 },
  texts: {
    scopePermissions: { 'zh-CN': API_KEY_PERMISSIONS.join(','), en: API_KEY_PERMISSIONS.join(',') },
    metricScoped: { 'zh-CN': METRIC_SCOPED.join(','), en: METRIC_SCOPED.join(',') },
    ...Object.fromEntries(Object.entries(SCOPE_TEXTS).map(([p, text]) => [`perm.${p}`, text])),
    keys: { 'zh-CN': 'API 密钥', en: 'API keys' },
    keysIntro: {
      'zh-CN': '供 CRM/ERP 等系统调用接口。每个密钥只能做其范围内的事，密钥本身只在创建时显示一次。',
      en: 'For CRM, ERP and other systems calling the API. A key can do only what its scopes allow; its secret is shown once, at creation.',
    },
    noKeys: { 'zh-CN': '还没有 API 密钥。', en: 'No API keys yet.' },
    'col.name': { 'zh-CN': '名称', en: 'Name' },
    'col.prefix': { 'zh-CN': '前缀', en: 'Prefix' },
    'col.scopes': { 'zh-CN': '范围', en: 'Scopes' },
    'col.created': { 'zh-CN': '创建时间', en: 'Created' },
    'col.lastUsed': { 'zh-CN': '最近使用', en: 'Last used' },
    'col.status': { 'zh-CN': '状态', en: 'Status' },
    'col.actions': { 'zh-CN': '操作', en: 'Actions' },
    'col.key': { 'zh-CN': '键', en: 'Key' },
    'col.url': { 'zh-CN': '接收地址', en: 'Receiver URL' },
    'col.metrics': { 'zh-CN': '允许的数据项', en: 'Metrics' },
    'col.rotation': { 'zh-CN': '轮换', en: 'Rotation' },
    active: { 'zh-CN': '有效', en: 'active' },
    revoked: { 'zh-CN': '已吊销（{at}）', en: 'revoked ({at})' },
    never: { 'zh-CN': '从未使用', en: 'never' },
    allMetrics: { 'zh-CN': '全部数据项', en: 'all metrics' },
    onlyMetrics: { 'zh-CN': '仅：{metrics}', en: 'only: {metrics}' },
    revoke: { 'zh-CN': '吊销 {name}', en: 'Revoke {name}' },
    confirmRevoke: {
      'zh-CN': '确定吊销密钥“{name}”？使用它的系统下一次调用就会被拒绝，且无法恢复。',
      en: 'Revoke the key “{name}”? Systems using it are refused from their next call; this cannot be undone.',
    },
    confirmYes: { 'zh-CN': '确定吊销', en: 'Yes, revoke' },
    revokedSaid: { 'zh-CN': '密钥“{name}”已吊销。', en: 'The key “{name}” is revoked.' },
    newKey: { 'zh-CN': '新建 API 密钥', en: 'New API key' },
    keyName: { 'zh-CN': '名称', en: 'Name' },
    keyNameHint: {
      'zh-CN': '说明谁在用，例如“CRM 收入同步”',
      en: 'Say who uses it, e.g. “CRM revenue sync”',
    },
    scopes: { 'zh-CN': '范围（至少一项）', en: 'Scopes (at least one)' },
    limitMetrics: { 'zh-CN': '只限以下数据项', en: 'Only these metrics' },
    metricsFor: { 'zh-CN': '{scope}：数据项', en: '{scope}: metrics' },
    create: { 'zh-CN': '创建密钥', en: 'Create key' },
    secretTitle: { 'zh-CN': '新密钥：{name}', en: 'New key: {name}' },
    secretWarning: {
      'zh-CN': '请现在复制并妥善保存。此密钥不会再次显示；离开或刷新页面后就无法找回，只能吊销后重建。',
      en: 'Copy it now and keep it safe. It will not be shown again: once you leave or reload this page it is gone, and the only fix is a new key.',
    },
    secretLabel: { 'zh-CN': '密钥', en: 'Secret' },
    copy: { 'zh-CN': '复制密钥', en: 'Copy the secret' },
    copied: { 'zh-CN': '已复制到剪贴板。', en: 'Copied to the clipboard.' },
    copyFailed: {
      'zh-CN': '无法访问剪贴板，密钥已选中，请手动复制。',
      en: 'The clipboard is not available; the secret is selected, copy it by hand.',
    },
    done: { 'zh-CN': '我已保存，关闭', en: 'I have saved it, close' },
    created: { 'zh-CN': '密钥“{name}”已创建。', en: 'The key “{name}” was created.' },
    webhooks: { 'zh-CN': 'Webhook 接收端点', en: 'Webhook endpoints' },
    webhooksIntro: {
      'zh-CN': '外部系统用签名密钥对推送的指标数据签名（HMAC-SHA256），发送到接收地址。',
      en: 'A sender signs the metric rows it pushes with the endpoint’s secret (HMAC-SHA256) and posts them to the receiver URL.',
    },
    noWebhooks: { 'zh-CN': '还没有 Webhook 端点。', en: 'No webhook endpoints yet.' },
    newWebhook: { 'zh-CN': '新建 Webhook 端点', en: 'New webhook endpoint' },
    webhookKey: { 'zh-CN': '键（出现在地址中）', en: 'Key (in the URL)' },
    webhookKeyHint: {
      'zh-CN': '小写字母、数字和连字符，例如 erp-orders',
      en: 'Lower-case letters, digits and hyphens, e.g. erp-orders',
    },
    webhookName: { 'zh-CN': '名称', en: 'Name' },
    webhookMetrics: {
      'zh-CN': '允许写入的数据项（不选则全部）',
      en: 'Metrics it may write (none ticked: all)',
    },
    createWebhook: { 'zh-CN': '创建端点', en: 'Create endpoint' },
    rotate: { 'zh-CN': '轮换 {key} 的密钥', en: 'Rotate the secret of {key}' },
    finishRotation: { 'zh-CN': '结束 {key} 的轮换', en: 'Finish the rotation of {key}' },
    rotating: { 'zh-CN': '旧密钥有效至 {at}', en: 'old secret valid until {at}' },
    notRotating: { 'zh-CN': '—', en: '—' },
    rotationFinished: { 'zh-CN': '旧密钥已失效。', en: 'The old secret no longer verifies.' },
    webhookSecretTitle: { 'zh-CN': '端点 {key} 的签名密钥', en: 'Signing secret of {key}' },
  },
  script: async (ks) => {
    const { h, t } = ks;
    interface Scope {
      permission: string;
      metricKeys?: string[];
    }
    interface ApiKey {
      id: string;
      name: string;
      prefix: string;
      scopes: Scope[];
      createdAt: string;
      lastUsedAt: string | null;
      revokedAt: string | null;
    }
    interface Endpoint {
      key: string;
      name: string;
      metricKeys: string[] | null;
      createdAt: string;
      previousSecretExpiresAt: string | null;
    }
    interface Metric {
      key: string;
      nameZh: string;
      nameEn: string;
    }
    const permissions = t('scopePermissions').split(',');
    const metricScoped = new Set(t('metricScoped').split(','));
    const metricsAnswer = await ks.api<Metric[]>('GET', '/api/metrics');
    const metrics = metricsAnswer.ok ? metricsAnswer.data : [];
    const metricName = (key: string) => {
      const m = metrics.find((x) => x.key === key);
      return m ? (ks.locale === 'zh-CN' ? m.nameZh : m.nameEn) : key;
    };
    const metricList = (keys: string[] | null | undefined) =>
      keys ? t('onlyMetrics', { metrics: keys.map(metricName).join(', ') }) : t('allMetrics');

    /** A secret shown once: read-only field, copy button, warning; gone once closed or reloaded. */
    const secretPanel = (title: string, secret: string, where: HTMLElement) => {
      const field = h('input', {
        type: 'text',
        readonly: true,
        value: secret,
        id: 'ks-secret',
        spellcheck: 'false',
        autocomplete: 'off',
      }) as HTMLInputElement;
      const panel = h(
        'section',
        { class: 'ks-secret', role: 'region', 'aria-labelledby': 'ks-secret-h', id: 'ks-secret-panel' },
        h('h3', { id: 'ks-secret-h' }, title),
        h('p', { id: 'ks-secret-warning' }, h('strong', null, t('secretWarning'))),
        ks.field(t('secretLabel'), field),
        h(
          'div',
          { class: 'ks-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'ks-primary',
              id: 'ks-copy-secret',
              onclick: async () => {
                try {
                  await navigator.clipboard.writeText(secret);
                  ks.say(t('copied'));
                } catch {
                  field.select();
                  ks.say(t('copyFailed'), 'error');
                }
              },
            },
            t('copy'),
          ),
          h('button', { type: 'button', onclick: () => panel.remove() }, t('done')),
        ),
      );
      field.setAttribute('aria-describedby', 'ks-secret-warning');
      where.querySelector('#ks-secret-panel')?.remove();
      // Under the section's heading and intro, so the headings stay in order.
      const intro = where.querySelector(':scope > p.ks-meta');
      if (intro) intro.after(panel);
      else where.prepend(panel);
      field.focus();
      field.select();
    };

    // ---- API keys ----
    const keysSection = h('section', { class: 'ks-card', 'aria-labelledby': 'ks-keys-h' });
    const keysList = h('div', { class: 'ks-scroll', id: 'ks-keys' });
    const drawKeys = async () => {
      const answer = await ks.api<ApiKey[]>('GET', '/api/api-keys');
      if (!answer.ok) return ks.problem(answer.problem, keysList);
      const keys = [...answer.data].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      ks.fill(
        keysList,
        keys.length
          ? ks.table(
              t('keys'),
              ['name', 'prefix', 'scopes', 'created', 'lastUsed', 'status', 'actions'].map((c) =>
                t(`col.${c}`),
              ),
              keys.map((k) => {
                const confirm = h('div', { class: 'ks-actions', hidden: true });
                const revoke = h(
                  'button',
                  {
                    type: 'button',
                    class: 'ks-danger',
                    'data-revoke': k.id,
                    onclick: () => {
                      ks.fill(
                        confirm,
                        h('p', { id: `ks-confirm-${k.id}` }, t('confirmRevoke', { name: k.name })),
                        h(
                          'button',
                          {
                            type: 'button',
                            class: 'ks-danger',
                            'aria-describedby': `ks-confirm-${k.id}`,
                            onclick: async () => {
                              const done = await ks.api(
                                'DELETE',
                                `/api/api-keys/${encodeURIComponent(k.id)}`,
                              );
                              if (!done.ok) return ks.problem(done.problem, keysSection);
                              await drawKeys();
                              ks.say(t('revokedSaid', { name: k.name }));
                            },
                          },
                          t('confirmYes'),
                        ),
                        h('button', { type: 'button', onclick: () => (confirm.hidden = true) }, t('cancel')),
                      );
                      confirm.hidden = false;
                      (confirm.querySelector('button') as HTMLButtonElement).focus();
                    },
                  },
                  t('revoke', { name: k.name }),
                );
                return [
                  h('strong', { 'data-key-name': k.name }, k.name),
                  h('code', null, `${k.prefix}…`),
                  h(
                    'ul',
                    { class: 'ks-plain' },
                    k.scopes.map((s) =>
                      h(
                        'li',
                        null,
                        t(`perm.${s.permission}`),
                        metricScoped.has(s.permission) ? ` (${metricList(s.metricKeys)})` : '',
                      ),
                    ),
                  ),
                  ks.date(k.createdAt),
                  k.lastUsedAt ? ks.date(k.lastUsedAt) : t('never'),
                  h(
                    'span',
                    { class: 'ks-badge', 'data-status': k.revokedAt ? 'revoked' : 'active' },
                    k.revokedAt ? t('revoked', { at: ks.date(k.revokedAt) }) : t('active'),
                  ),
                  k.revokedAt ? '—' : [revoke, confirm],
                ];
              }),
            )
          : h('p', null, t('noKeys')),
      );
    };

    const keyName = h('input', {
      type: 'text',
      name: 'name',
      required: true,
      maxlength: 200,
      autocomplete: 'off',
      'data-pointer': '/body/name',
    }) as HTMLInputElement;
    const metricChecklist = (prefix: string, pointer: string | null) => {
      const boxes = metrics.map((m) =>
        h('input', { type: 'checkbox', name: `${prefix}-metric`, value: m.key, id: `${prefix}-${m.key}` }),
      ) as HTMLInputElement[];
      const list = h(
        'ul',
        { class: 'ks-checklist', 'data-pointer': pointer },
        boxes.map((box, i) =>
          h(
            'li',
            null,
            box,
            ' ',
            h(
              'label',
              { for: box.id },
              `${metricName(metrics[i].key)} `,
              h('code', { class: 'ks-meta' }, metrics[i].key),
            ),
          ),
        ),
      );
      return { boxes, list };
    };
    const scopeRows = permissions.map((permission) => {
      const id = `ks-scope-${permission.replace(/[^a-z]/g, '-')}`;
      const box = h('input', { type: 'checkbox', name: 'scope', value: permission, id }) as HTMLInputElement;
      const row = {
        permission,
        box,
        limit: null as HTMLInputElement | null,
        metrics: null as ReturnType<typeof metricChecklist> | null,
        element: h('div'),
      };
      const parts: HTMLElement[] = [
        h(
          'div',
          { class: 'ks-field ks-check' },
          box,
          h('label', { for: id }, t(`perm.${permission}`), ' ', h('code', { class: 'ks-meta' }, permission)),
        ),
      ];
      if (metricScoped.has(permission)) {
        row.limit = h('input', { type: 'checkbox', id: `${id}-limit`, name: 'limit' }) as HTMLInputElement;
        row.metrics = metricChecklist(id, null);
        const group = h(
          'fieldset',
          { class: 'ks-indent' },
          h('legend', null, t('metricsFor', { scope: t(`perm.${permission}`) })),
          h(
            'div',
            { class: 'ks-field ks-check' },
            row.limit,
            h('label', { for: row.limit.id }, t('limitMetrics')),
          ),
          row.metrics.list,
        );
        parts.push(group);
      }
      row.element = h('div', null, parts);
      return row;
    });
    const scopesFieldset = h(
      'fieldset',
      { 'data-pointer': '/body/scopes' },
      h('legend', null, t('scopes')),
      scopeRows.map((r) => r.element),
    );
    const syncScopes = () => {
      for (const r of scopeRows) {
        if (!r.limit || !r.metrics) continue;
        const group = r.limit.closest('fieldset') as HTMLElement;
        group.hidden = !r.box.checked;
        r.metrics.list.hidden = !r.limit.checked;
      }
    };
    const keyForm = h(
      'form',
      { id: 'ks-new-key', novalidate: true, 'aria-labelledby': 'ks-new-key-h' },
      h('h3', { id: 'ks-new-key-h' }, t('newKey')),
      ks.field(t('keyName'), keyName, t('keyNameHint')),
      scopesFieldset,
      h('div', { class: 'ks-actions' }, h('button', { type: 'submit', class: 'ks-primary' }, t('create'))),
    );
    keyForm.addEventListener('change', syncScopes);
    syncScopes();
    keyForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const chosen = scopeRows.filter((r) => r.box.checked);
      for (const r of scopeRows) {
        r.box.removeAttribute('data-pointer');
        r.metrics?.list.removeAttribute('data-pointer');
      }
      const scopes = chosen.map((r, i) => {
        r.box.dataset.pointer = `/body/scopes/${i}/permission`;
        const scope: Scope = { permission: r.permission };
        if (r.limit?.checked && r.metrics) {
          r.metrics.list.dataset.pointer = `/body/scopes/${i}/metricKeys`;
          scope.metricKeys = r.metrics.boxes.filter((b) => b.checked).map((b) => b.value);
        }
        return scope;
      });
      const answer = await ks.api<ApiKey & { secret: string }>('POST', '/api/api-keys', {
        name: keyName.value.trim(),
        scopes,
      });
      if (!answer.ok) return ks.problem(answer.problem, keyForm);
      ks.clearProblems(keyForm);
      (keyForm as HTMLFormElement).reset();
      syncScopes();
      await drawKeys();
      secretPanel(t('secretTitle', { name: answer.data.name }), answer.data.secret, keysSection);
      ks.say(t('created', { name: answer.data.name }));
    });
    ks.fill(
      keysSection,
      h('h2', { id: 'ks-keys-h' }, t('keys')),
      h('p', { class: 'ks-meta' }, t('keysIntro')),
      keysList,
      keyForm,
    );
    await drawKeys();

    // ---- webhook endpoints ----
    let webhooksSection: HTMLElement | null = null;
    if (ks.can('webhooks:manage')) {
      const section = h('section', { class: 'ks-card', 'aria-labelledby': 'ks-webhooks-h' });
      webhooksSection = section;
      const list = h('div', { class: 'ks-scroll', id: 'ks-webhooks' });
      const receiver = (key: string) => `${location.origin}/api/webhooks/${key}`;
      const drawWebhooks = async () => {
        const answer = await ks.api<Endpoint[]>('GET', '/api/webhook-endpoints');
        if (!answer.ok) return ks.problem(answer.problem, list);
        ks.fill(
          list,
          answer.data.length
            ? ks.table(
                t('webhooks'),
                ['key', 'name', 'url', 'metrics', 'created', 'rotation', 'actions'].map((c) => t(`col.${c}`)),
                answer.data.map((e) => [
                  h('code', null, e.key),
                  e.name,
                  h('code', null, receiver(e.key)),
                  metricList(e.metricKeys),
                  ks.date(e.createdAt),
                  e.previousSecretExpiresAt
                    ? t('rotating', { at: ks.date(e.previousSecretExpiresAt) })
                    : t('notRotating'),
                  h(
                    'div',
                    { class: 'ks-actions' },
                    h(
                      'button',
                      {
                        type: 'button',
                        onclick: async () => {
                          const rotated = await ks.api<{ secret: string }>(
                            'POST',
                            `/api/webhook-endpoints/${encodeURIComponent(e.key)}/rotate`,
                          );
                          if (!rotated.ok) return ks.problem(rotated.problem, section);
                          await drawWebhooks();
                          secretPanel(t('webhookSecretTitle', { key: e.key }), rotated.data.secret, section);
                        },
                      },
                      t('rotate', { key: e.key }),
                    ),
                    e.previousSecretExpiresAt
                      ? h(
                          'button',
                          {
                            type: 'button',
                            onclick: async () => {
                              const done = await ks.api(
                                'POST',
                                `/api/webhook-endpoints/${encodeURIComponent(e.key)}/finish-rotation`,
                              );
                              if (!done.ok) return ks.problem(done.problem, section);
                              await drawWebhooks();
                              ks.say(t('rotationFinished'));
                            },
                          },
                          t('finishRotation', { key: e.key }),
                        )
                      : null,
                  ),
                ]),
              )
            : h('p', null, t('noWebhooks')),
        );
      };
      const key = h('input', {
        type: 'text',
        name: 'webhookKey',
        required: true,
        autocomplete: 'off',
        'data-pointer': '/body/key',
      }) as HTMLInputElement;
      const name = h('input', {
        type: 'text',
        name: 'webhookName',
        required: true,
        autocomplete: 'off',
        'data-pointer': '/body/name',
      }) as HTMLInputElement;
      const scope = metricChecklist('ks-webhook', '/body/metricKeys');
      const form = h(
        'form',
        { id: 'ks-new-webhook', novalidate: true, 'aria-labelledby': 'ks-new-webhook-h' },
        h('h3', { id: 'ks-new-webhook-h' }, t('newWebhook')),
        h(
          'div',
          { class: 'ks-row' },
          ks.field(t('webhookKey'), key, t('webhookKeyHint')),
          ks.field(t('webhookName'), name),
        ),
        h('fieldset', null, h('legend', null, t('webhookMetrics')), scope.list),
        h(
          'div',
          { class: 'ks-actions' },
          h('button', { type: 'submit', class: 'ks-primary' }, t('createWebhook')),
        ),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const metricKeys = scope.boxes.filter((b) => b.checked).map((b) => b.value);
        const answer = await ks.api<Endpoint & { secret: string }>('POST', '/api/webhook-endpoints', {
          key: key.value.trim(),
          name: name.value.trim(),
          ...(metricKeys.length ? { metricKeys } : {}),
        });
        if (!answer.ok) return ks.problem(answer.problem, form);
        ks.clearProblems(form);
        (form as HTMLFormElement).reset();
        await drawWebhooks();
        secretPanel(t('webhookSecretTitle', { key: answer.data.key }), answer.data.secret, section);
      });
      ks.fill(
        section,
        h('h2', { id: 'ks-webhooks-h' }, t('webhooks')),
        h('p', { class: 'ks-meta' }, t('webhooksIntro')),
        list,
        form,
      );
      await drawWebhooks();
    }

    ks.fill(ks.root, keysSection, webhooksSection);
    ks.ready();
  },
};
