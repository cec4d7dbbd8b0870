/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';

/** Workflow documents: each with its draft, its published versions and the cycles pinned to them; a new one. */
export const workflowsPage: ConsolePage = {
  path: 'workflows',
  permission: Permission.DocumentsWrite,
  title: { 'zh-CN': '考核流程', en: 'Workflows' },
  nav: { group: 'admin', order: 20 },
  texts: {
    caption: { 'zh-CN': '流程文档', en: 'Workflow documents' },
    'col.title': { 'zh-CN': '名称', en: 'Name' },
    'col.key': { 'zh-CN': '键', en: 'Key' },
    'col.subject': { 'zh-CN': '流程对象', en: 'One review per' },
    'col.state': { 'zh-CN': '状态', en: 'State' },
    'col.versions': { 'zh-CN': '已发布版本', en: 'Published versions' },
    'subject.account': { 'zh-CN': '客户', en: 'account' },
    'subject.account_manager': { 'zh-CN': '客户经理', en: 'account manager' },
    'subject.adjustment': { 'zh-CN': '调整申请', en: 'adjustment' },
    'subject.campaign': { 'zh-CN': '问卷活动', en: 'survey campaign' },
    'subject.score': { 'zh-CN': '成绩（申诉）', en: 'score (dispute)' },
    'status.draft': { 'zh-CN': '草稿', en: 'draft' },
    'status.published': { 'zh-CN': '已发布', en: 'published' },
    'status.archived': { 'zh-CN': '已归档', en: 'archived' },
    draftOpen: { 'zh-CN': '有未发布的草稿', en: 'unpublished draft' },
    draftProblems: { 'zh-CN': '草稿有 {count} 个问题', en: 'draft has {count} problems' },
    draftProblems1: { 'zh-CN': '草稿有 1 个问题', en: 'draft has 1 problem' },
    version: { 'zh-CN': '第 {version} 版（{date}）', en: 'v{version} ({date})' },
    usedBy: { 'zh-CN': '{count} 个考核周期使用', en: 'used by {count} cycles' },
    usedBy1: { 'zh-CN': '1 个考核周期使用', en: 'used by 1 cycle' },
    none: { 'zh-CN': '无', en: 'none' },
    empty: { 'zh-CN': '还没有流程文档。', en: 'No workflow documents yet.' },
    design: { 'zh-CN': '设计', en: 'Design' },
    create: { 'zh-CN': '新建流程', en: 'New workflow' },
    key: { 'zh-CN': '键', en: 'Key' },
    keyHint: {
      'zh-CN': '小写字母开头，只含小写字母、数字和下划线，例如 monthly_review。',
      en: 'Lower-case letter first, then lower-case letters, digits and underscores, e.g. monthly_review.',
    },
    titleZh: { 'zh-CN': '名称（中文）', en: 'Name (Chinese)' },
    titleEn: { 'zh-CN': '名称（英文）', en: 'Name (English)' },
    from: { 'zh-CN': '起点', en: 'Start from' },
    fromEmpty: { 'zh-CN': '空白流程（只有一个结束步骤）', en: 'An empty workflow (one end step)' },
    fromCopy: { 'zh-CN': '复制“{title}”（{key}）', en: 'A copy of "{title}" ({key})' },
    subject: { 'zh-CN': '流程对象', en: 'One review per' },
    createButton: { 'zh-CN': '创建并打开设计器', en: 'Create and open the designer' },
    titleRequired: { 'zh-CN': '请填写中英文名称。', en: 'Give the name in both languages.' },
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
    interface View {
      key: string;
      status: string;
      publishedVersion: number | null;
      draft: Content | null;
      draftErrors: unknown[];
      updatedAt: string;
    }
    interface Version {
      version: number;
      publishedAt: string;
    }
    const { h } = ks;
    /** A text; `key1` instead of `key` when the count is one (English plurals). */
    const t = (text: string, params?: Record<string, string | number>) =>
      ks.t(params?.count === 1 && ks.t(`${text}1`) !== `${text}1` ? `${text}1` : text, params);
    const SUBJECTS = ['account', 'account_manager', 'adjustment', 'campaign', 'score'];
    const list = await ks.api<View[]>('GET', '/api/documents/workflow');
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
      list.data.map(async (doc) => {
        const base = `/api/documents/workflow/${encodeURIComponent(doc.key)}`;
        const [versions, latest] = await Promise.all([
          ks.api<Version[]>('GET', `${base}/versions`),
          doc.publishedVersion
            ? ks.api<{ content: Content }>('GET', `${base}/versions/${doc.publishedVersion}`)
            : Promise.resolve(null),
        ]);
        const content = doc.draft ?? (latest?.ok ? latest.data.content : null);
        return { doc, content, versions: versions.ok ? versions.data : [] };
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
    const subject = h(
      'select',
      { name: 'subject', 'data-pointer': '/body/content/subject' },
      SUBJECTS.map((s) => h('option', { value: s }, t(`subject.${s}`))),
    );
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
      { class: 'ks-card', id: 'ks-new-workflow', novalidate: true },
      h('h2', null, t('create')),
      h(
        'div',
        { class: 'ks-grid' },
        ks.field(t('key'), key, t('keyHint')),
        ks.field(t('titleZh'), titleZh),
        ks.field(t('titleEn'), titleEn),
        ks.field(t('from'), from),
        ks.field(t('subject'), subject),
      ),
      h(
        'div',
        { class: 'ks-actions' },
        h('button', { type: 'submit', class: 'ks-primary' }, t('createButton')),
      ),
    );
    from.addEventListener('change', () => {
      const source = rows.find((r) => r.doc.key === (from as HTMLSelectElement).value)?.content;
      if (source?.subject) (subject as HTMLSelectElement).value = source.subject;
    });
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
        ? { ...structuredClone(source), key: newKey, title, subject: (subject as HTMLSelectElement).value }
        : {
            key: newKey,
            title,
            subject: (subject as HTMLSelectElement).value,
            start: 'done',
            steps: [
              { id: 'done', type: 'end', title: { 'zh-CN': '完成', en: 'Completed' }, outcome: 'completed' },
            ],
          };
      delete content.version;
      const created = await ks.api('POST', '/api/documents/workflow', { key: newKey, content });
      if (!created.ok) return ks.problem(created.problem, form);
      location.href = designer(newKey);
    });

    ks.fill(ks.root, h('section', { class: 'ks-card' }, table), form);
    ks.ready();
  },
};
