/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';

/** Dashboard documents: to view (published or draft) and to design; a new one, empty or as a copy. */
export const dashboardsPage: ConsolePage = {
  path: 'dashboards',
  permission: Permission.DocumentsWrite,
  title: { 'zh-CN': '仪表盘设计', en: 'Dashboards' },
  nav: { group: 'admin', order: 21 },
  texts: {
    caption: { 'zh-CN': '仪表盘文档', en: 'Dashboard documents' },
    'col.title': { 'zh-CN': '名称', en: 'Name' },
    'col.key': { 'zh-CN': '键', en: 'Key' },
    'col.widgets': { 'zh-CN': '组件数', en: 'Widgets' },
    'col.state': { 'zh-CN': '状态', en: 'State' },
    'col.open': { 'zh-CN': '打开', en: 'Open' },
    'status.draft': { 'zh-CN': '草稿', en: 'draft' },
    'status.published': { 'zh-CN': '已发布', en: 'published' },
    'status.archived': { 'zh-CN': '已归档', en: 'archived' },
    publishedVersion: { 'zh-CN': '第 {version} 版', en: 'version {version}' },
    draftOpen: { 'zh-CN': '有未发布的草稿', en: 'unpublished draft' },
    draftProblems: { 'zh-CN': '草稿有 {count} 个问题', en: 'draft has {count} problems' },
    draftProblems1: { 'zh-CN': '草稿有 1 个问题', en: 'draft has 1 problem' },
    view: { 'zh-CN': '查看', en: 'View' },
    viewDraft: { 'zh-CN': '查看草稿', en: 'View the draft' },
    design: { 'zh-CN': '设计', en: 'Design' },
    viewOf: { 'zh-CN': '查看“{title}”', en: 'View "{title}"' },
    viewDraftOf: { 'zh-CN': '查看“{title}”的草稿', en: 'View the draft of "{title}"' },
    designOf: { 'zh-CN': '设计“{title}”', en: 'Design "{title}"' },
    empty: { 'zh-CN': '还没有仪表盘。', en: 'No dashboards yet.' },
    create: { 'zh-CN': '新建仪表盘', en: 'New dashboard' },
    key: { 'zh-CN': '键', en: 'Key' },
    keyHint: {
      'zh-CN': '小写字母开头，只含小写字母、数字和下划线，例如 regional_review。',
      en: 'Lower-case letter first, then lower-case letters, digits and underscores, e.g. regional_review.',
    },
    titleZh: { 'zh-CN': '名称（中文）', en: 'Name (Chinese)' },
    titleEn: { 'zh-CN': '名称（英文）', en: 'Name (English)' },
    titleRequired: { 'zh-CN': '请填写中英文名称。', en: 'Give the name in both languages.' },
    from: { 'zh-CN': '起点', en: 'Start from' },
    fromEmpty: { 'zh-CN': '空白仪表盘', en: 'An empty dashboard' },
    fromCopy: { 'zh-CN': '复制“{title}”（{key}）', en: 'A copy of "{title}" ({key})' },
    createButton: { 'zh-CN': '创建并打开设计器', en: 'Create and open the designer' },
  },
  script: async (ks) => {
    interface Bi {
      'zh-CN': string;
      en: string;
    }
    interface Content {
      key: string;
      title?: Bi;
      widgets?: unknown[];
      [name: string]: unknown;
    }
    interface View {
      key: string;
      status: string;
      publishedVersion: number | null;
      draft: Content | null;
      draftErrors: unknown[];
    }
    const { h } = ks;
    /** A text; `key1` instead of `key` when the count is one (English plurals). */
    const t = (text: string, params?: Record<string, string | number>) =>
      ks.t(params?.count === 1 && ks.t(`${text}1`) !== `${text}1` ? `${text}1` : text, params);
    const list = await ks.api<View[]>('GET', '/api/documents/dashboard');
    if (!list.ok) {
      ks.problem(list.problem);
      return ks.ready();
    }
    const rows = await Promise.all(
      list.data.map(async (doc) => {
        const published = doc.publishedVersion
          ? await ks.api<{ content: Content }>(
              'GET',
              `/api/documents/dashboard/${encodeURIComponent(doc.key)}/versions/${doc.publishedVersion}`,
            )
          : null;
        return { doc, content: doc.draft ?? (published?.ok ? published.data.content : null) };
      }),
    );
    const designer = (key: string) => `/console/dashboards/${encodeURIComponent(key)}?lang=${ks.locale}`;
    const table = rows.length
      ? ks.table(
          t('caption'),
          [t('col.title'), t('col.key'), t('col.widgets'), t('col.state'), t('col.open')],
          rows.map(({ doc, content }) => {
            const title = ks.bi(content?.title) || doc.key;
            const page = `/dashboards/${encodeURIComponent(doc.key)}?lang=${ks.locale}`;
            return [
              h('a', { href: designer(doc.key), 'data-key': doc.key }, title),
              h('code', null, doc.key),
              String(content?.widgets?.length ?? 0),
              h(
                'span',
                null,
                t(`status.${doc.status}`),
                doc.publishedVersion ? ` · ${t('publishedVersion', { version: doc.publishedVersion })}` : '',
                doc.draft && doc.status !== 'draft' ? ` · ${t('draftOpen')}` : '',
                doc.draftErrors.length ? ` · ${t('draftProblems', { count: doc.draftErrors.length })}` : '',
              ),
              h(
                'span',
                { class: 'ks-actions' },
                doc.publishedVersion
                  ? h(
                      'a',
                      { href: page, 'aria-label': t('viewOf', { title }), 'data-view': doc.key },
                      t('view'),
                    )
                  : null,
                doc.draft
                  ? h(
                      'a',
                      { href: `${page}&draft=true`, 'aria-label': t('viewDraftOf', { title }) },
                      t('viewDraft'),
                    )
                  : null,
                h('a', { href: designer(doc.key), 'aria-label': t('designOf', { title }) }, t('design')),
              ),
            ];
          }),
        )
      : h('p', null, t('empty'));

    const key = h('input', {
      type: 'text',
      name: 'key',
      required: true,
      'data-pointer': '/body/key',
      spellcheck: false,
    });
    const titleZh = h('input', {
      type: 'text',
      name: 'titleZh',
      required: true,
      'data-pointer': '/body/content/title/zh-CN',
    });
    const titleEn = h('input', {
      type: 'text',
      name: 'titleEn',
      required: true,
      'data-pointer': '/body/content/title/en',
    });
    const from = h(
      'select',
      { name: 'from' },
      h('option', { value: '' }, t('fromEmpty')),
      rows
        .filter((r) => r.content)
        .map((r) =>
          h(
            'option',
            { value: r.doc.key },
            t('fromCopy', { title: ks.bi(r.content?.title) || r.doc.key, key: r.doc.key }),
          ),
        ),
    );
    const form = h(
      'form',
      { class: 'ks-card', id: 'ks-new-dashboard', novalidate: true },
      h('h2', null, t('create')),
      h(
        'div',
        { class: 'ks-grid' },
        ks.field(t('key'), key, t('keyHint')),
        ks.field(t('titleZh'), titleZh),
        ks.field(t('titleEn'), titleEn),
        ks.field(t('from'), from),
      ),
      h(
        'div',
        { class: 'ks-actions' },
        h('button', { type: 'submit', class: 'ks-primary' }, t('createButton')),
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const newKey = (key as HTMLInputElement).value.trim();
      const title = {
        'zh-CN': (titleZh as HTMLInputElement).value.trim(),
        en: (titleEn as HTMLInputElement).value.trim(),
      };
      const missing = (['zh-CN', 'en'] as const).filter((l) => !title[l]);
      if (missing.length) {
        const message = t('titleRequired');
        return ks.problem(
          {
            statusCode: 422,
            code: 'console.title_required',
            message,
            errors: missing.map((l) => ({ pointer: `/body/content/title/${l}`, message })),
          },
          form,
        );
      }
      const source = rows.find((r) => r.doc.key === (from as HTMLSelectElement).value)?.content;
      const content: Record<string, unknown> = source
        ? { ...structuredClone(source), key: newKey, title }
        : {
            key: newKey,
            title,
            periodKind: 'quarter',
            filters: ['period', 'accountType'],
            defaults: { period: 'latest' },
            widgets: [],
          };
      const created = await ks.api('POST', '/api/documents/dashboard', { key: newKey, content });
      if (!created.ok) return ks.problem(created.problem, form);
      location.href = designer(newKey);
    });

    ks.fill(ks.root, h('section', { class: 'ks-card' }, table), form);
    ks.ready();
  },
};
