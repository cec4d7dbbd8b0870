/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';
import { DOCUMENT_LIST_TEXTS } from './document-texts';

/** Workflow documents: each with its draft, its published versions and the cycles pinned to them; a new one. */
export const workflowsPage: ConsolePage = {
  path: 'workflows',
  permission: Permission.DocumentsWrite,
  title: { 'zh-CN': '考核流程', en: 'Workflows' },
  nav: { group: 'admin', order: 20 },
  texts: {
    ...DOCUMENT_LIST_TEXTS,
    caption: { 'zh-CN': '流程文档', en: 'Workflow documents' },
    'col.subject': { 'zh-CN': '流程对象', en: 'One review per' },
    'col.versions': { 'zh-CN': '已发布版本', en: 'Published versions' },
    'subject.account': { 'zh-CN': '客户', en: 'account' },
    'subject.account_manager': { 'zh-CN': '客户经理', en: 'account manager' },
    'subject.adjustment': { 'zh-CN': '调整申请', en: 'adjustment' },
    'subject.campaign': { 'zh-CN': '问卷活动', en: 'survey campaign' },
    'subject.score': { 'zh-CN': '成绩（申诉）', en: 'score (dispute)' },
    version: { 'zh-CN': '第 {version} 版（{date}）', en: 'v{version} ({date})' },
    usedBy: { 'zh-CN': '{count} 个考核周期使用', en: 'used by {count} cycles' },
    usedBy1: { 'zh-CN': '1 个考核周期使用', en: 'used by 1 cycle' },
    none: { 'zh-CN': '无', en: 'none' },
    empty: { 'zh-CN': '还没有流程文档。', en: 'No workflow documents yet.' },
    create: { 'zh-CN': '新建流程', en: 'New workflow' },
    keyHint: {
      'zh-CN': '小写字母开头，只含小写字母、数字和下划线，例如 monthly_review。',
      en: 'Lower-case letter first, then lower-case letters, digits and underscores, e.g. monthly_review.',
    },
    fromEmpty: { 'zh-CN': '空白流程（只有一个结束步骤）', en: 'An empty workflow (one end step)' },
    subject: { 'zh-CN': '流程对象', en: 'One review per' },
  },
  script: async (ks) => {
    interface Bi {
      'zh-CN': string;
      en: string;
    }
    interface Content {
      key: string;
      title?: Bi;
      subject?: string;
      [name: string]: unknown;
    }
    interface Version {
      version: number;
      publishedAt: string;
    }
    const { h, t } = ks;
    const SUBJECTS = ['account', 'account_manager', 'adjustment', 'campaign', 'score'];
    const list = await ks.documents<Content>('workflow');
    if (!list.ok) {
      ks.problem(list.problem);
      return ks.ready();
    }
    const cycles = ks.can('cycles:read')
      ? await ks.api<{ workflowKey: string; workflowVersion: number }[]>('GET', '/api/cycles')
      : null;
    const pinned = new Map<string, number>();
    for (const c of cycles?.ok ? cycles.data : []) {
      const id = `${c.workflowKey}@${c.workflowVersion}`;
      pinned.set(id, (pinned.get(id) ?? 0) + 1);
    }
    const rows = await Promise.all(
      list.data.map(async (entry) => {
        const versions = await ks.api<Version[]>(
          'GET',
          `/api/documents/workflow/${encodeURIComponent(entry.doc.key)}/versions`,
        );
        return { ...entry, versions: versions.ok ? versions.data : [] };
      }),
    );
    const designer = (key: string) => `/console/workflows/${encodeURIComponent(key)}?lang=${ks.locale}`;
    const table = rows.length
      ? ks.table(
          t('caption'),
          [t('col.title'), t('col.key'), t('col.subject'), t('col.state'), t('col.versions')],
          rows.map(({ doc, content, versions }) => [
            h('a', { href: designer(doc.key), 'data-key': doc.key }, ks.bi(content?.title) || doc.key),
            h('code', null, doc.key),
            content?.subject ? t(`subject.${content.subject}`) : '—',
            h(
              'span',
              null,
              t(`status.${doc.status}`),
              doc.draft && doc.status !== 'draft' ? ` · ${t('draftOpen')}` : '',
              doc.draftErrors.length ? ` · ${t('draftProblems', { count: doc.draftErrors.length })}` : '',
            ),
            versions.length
              ? h(
                  'ul',
                  null,
                  versions.map((v) => {
                    const used = pinned.get(`${doc.key}@${v.version}`) ?? 0;
                    return h(
                      'li',
                      null,
                      t('version', { version: v.version, date: ks.date(v.publishedAt) }),
                      used ? ` · ${t('usedBy', { count: used })}` : '',
                    );
                  }),
                )
              : t('none'),
          ]),
        )
      : h('p', null, t('empty'));

    // A new workflow: empty, or a copy of an existing one (a built-in is a good start).
    const subject = h(
      'select',
      { name: 'subject', 'data-pointer': '/body/content/subject' },
      SUBJECTS.map((s) => h('option', { value: s }, t(`subject.${s}`))),
    ) as HTMLSelectElement;
    const form = ks.newDocumentForm<Content>({
      kind: 'workflow',
      id: 'ks-new-workflow',
      heading: t('create'),
      keyHint: t('keyHint'),
      empty: t('fromEmpty'),
      entries: rows,
      fields: [ks.field(t('subject'), subject)],
      onSource: (source) => {
        if (source?.subject) subject.value = source.subject;
      },
      content: (source, named) => {
        const content: Record<string, unknown> = source
          ? { ...structuredClone(source), ...named, subject: subject.value }
          : {
              ...named,
              subject: subject.value,
              start: 'done',
              steps: [
                {
                  id: 'done',
                  type: 'end',
                  title: { 'zh-CN': '完成', en: 'Completed' },
                  outcome: 'completed',
                },
              ],
            };
        delete content.version;
        return content;
      },
      open: designer,
    });

    ks.fill(ks.root, h('section', { class: 'ks-card' }, table), form);
    ks.ready();
  },
};
