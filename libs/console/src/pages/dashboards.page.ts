/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';
import { DOCUMENT_LIST_TEXTS } from './document-texts';

/** Dashboard documents: to view (published or draft) and to design; a new one, empty or as a copy. */
export const dashboardsPage: ConsolePage = {
  path: 'dashboards',
  permission: Permission.DocumentsWrite,
  title: { 'zh-CN': '仪表盘设计', en: 'Dashboards' },
  nav: { group: 'admin', order: 21 },
  texts: {
    ...DOCUMENT_LIST_TEXTS,
    caption: { 'zh-CN': '仪表盘文档', en: 'Dashboard documents' },
    'col.widgets': { 'zh-CN': '组件数', en: 'Widgets' },
    'col.open': { 'zh-CN': '打开', en: 'Open' },
    publishedVersion: { 'zh-CN': '第 {version} 版', en: 'version {version}' },
    view: { 'zh-CN': '查看', en: 'View' },
    viewDraft: { 'zh-CN': '查看草稿', en: 'View the draft' },
    viewOf: { 'zh-CN': '查看“{title}”', en: 'View "{title}"' },
    viewDraftOf: { 'zh-CN': '查看“{title}”的草稿', en: 'View the draft of "{title}"' },
    designOf: { 'zh-CN': '设计“{title}”', en: 'Design "{title}"' },
    empty: { 'zh-CN': '还没有仪表盘。', en: 'No dashboards yet.' },
    create: { 'zh-CN': '新建仪表盘', en: 'New dashboard' },
    keyHint: {
      'zh-CN': '小写字母开头，只含小写字母、数字和下划线，例如 regional_review。',
      en: 'Lower-case letter first, then lower-case letters, digits and underscores, e.g. regional_review.',
    },
    fromEmpty: { 'zh-CN': '空白仪表盘', en: 'An empty dashboard' },
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
    const { h, t } = ks;
    const list = await ks.documents<Content>('dashboard');
    if (!list.ok) {
      ks.problem(list.problem);
      return ks.ready();
    }
    const rows = list.data;
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

    const form = ks.newDocumentForm<Content>({
      kind: 'dashboard',
      id: 'ks-new-dashboard',
      heading: t('create'),
      keyHint: t('keyHint'),
      empty: t('fromEmpty'),
      entries: rows,
      content: (source, named) =>
        source
          ? { ...structuredClone(source), ...named }
          : {
              ...named,
              periodKind: 'quarter',
              filters: ['period', 'accountType'],
              defaults: { period: 'latest' },
              widgets: [],
            },
      open: designer,
    });

    ks.fill(ks.root, h('section', { class: 'ks-card' }, table), form);
    ks.ready();
  },
};
