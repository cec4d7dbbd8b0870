/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ApiProblem, Bi } from '../client/ks-client';
import type { ConsolePage } from '../console-page';

/**
 * The form documents (forms and customer surveys): their state and published version, and a new form as a
 * draft that opens in the designer.
 */
export const formsPage: ConsolePage = {
  path: 'forms',
  permission: Permission.DocumentsWrite,
  title: { 'zh-CN': '表单与问卷', en: 'Forms and surveys' },
  nav: { group: 'admin', order: 30 },
  texts: {
    newForm: { 'zh-CN': '新建表单', en: 'New form' },
    newFormHint: {
      'zh-CN': '先起名，再在设计器中添加题目。发布前它只是草稿。',
      en: 'Name it here, then add the questions in the designer. It stays a draft until you publish it.',
    },
    key: { 'zh-CN': '标识（英文）', en: 'Key' },
    keyHint: {
      'zh-CN': '小写字母开头，仅含小写字母、数字和下划线，例如 partner_survey；创建后不能修改。',
      en: 'A lowercase letter, then lowercase letters, digits or underscores, e.g. partner_survey; it cannot change later.',
    },
    keyInvalid: {
      'zh-CN': '标识须以小写字母开头，仅含小写字母、数字和下划线（最多 64 个字符）',
      en: 'The key must start with a lowercase letter and hold only lowercase letters, digits and underscores (at most 64)',
    },
    titleZh: { 'zh-CN': '标题（中文）', en: 'Title (Chinese)' },
    titleEn: { 'zh-CN': '标题（英文）', en: 'Title (English)' },
    titleMissing: { 'zh-CN': '请填写标题', en: 'Enter a title' },
    fixBelow: { 'zh-CN': '请修正标出的项目。', en: 'Fix the marked fields.' },
    create: { 'zh-CN': '创建并打开设计器', en: 'Create and open the designer' },
    created: { 'zh-CN': '已创建，正在打开设计器…', en: 'Created; opening the designer…' },
    list: { 'zh-CN': '全部表单', en: 'All forms' },
    noForms: { 'zh-CN': '还没有表单。', en: 'No forms yet.' },
    'col.title': { 'zh-CN': '标题', en: 'Title' },
    'col.key': { 'zh-CN': '标识', en: 'Key' },
    'col.status': { 'zh-CN': '状态', en: 'Status' },
    'col.version': { 'zh-CN': '已发布版本', en: 'Published version' },
    'col.problems': { 'zh-CN': '草稿问题', en: 'Draft problems' },
    'col.updated': { 'zh-CN': '更新时间', en: 'Updated' },
    'status.draft': { 'zh-CN': '草稿', en: 'draft' },
    'status.published': { 'zh-CN': '已发布', en: 'published' },
    'status.archived': { 'zh-CN': '已归档', en: 'archived' },
    pendingChanges: { 'zh-CN': '有未发布的修改', en: 'unpublished changes' },
    problems: { 'zh-CN': '{count} 个待修正', en: '{count} to fix' },
    noProblems: { 'zh-CN': '无', en: 'none' },
    notPublished: { 'zh-CN': '未发布', en: 'not published' },
    design: { 'zh-CN': '设计', en: 'Design' },
    toSurveys: { 'zh-CN': '用已发布的问卷发起客户满意度调查', en: 'Send a published survey to customers' },
  },
  script: async (ks) => {
    const { h, t } = ks;
    interface FormView {
      key: string;
      status: 'draft' | 'published' | 'archived';
      revision: number;
      publishedVersion: number | null;
      draft: { title?: Bi } | null;
      draftErrors: unknown[];
      updatedAt: string;
    }
    const designerHref = (key: string) => `/console/forms/${encodeURIComponent(key)}?lang=${ks.locale}`;

    const keyInput = h('input', {
      name: 'key',
      required: true,
      autocomplete: 'off',
      spellcheck: 'false',
      maxlength: 64,
      'data-pointer': '/body/key',
    }) as HTMLInputElement;
    const zhInput = h('input', {
      name: 'titleZh',
      lang: 'zh-CN',
      required: true,
      maxlength: 500,
      'data-pointer': '/body/content/title/zh-CN',
    }) as HTMLInputElement;
    const enInput = h('input', {
      name: 'titleEn',
      lang: 'en',
      required: true,
      maxlength: 500,
      'data-pointer': '/body/content/title/en',
    }) as HTMLInputElement;
    const create = h(
      'form',
      { class: 'ks-card', 'aria-labelledby': 'ks-new-form', novalidate: true },
      h('h2', { id: 'ks-new-form' }, t('newForm')),
      h('p', { class: 'ks-meta' }, t('newFormHint')),
      ks.field(t('key'), keyInput, t('keyHint')),
      h('div', { class: 'ks-row' }, ks.field(t('titleZh'), zhInput), ks.field(t('titleEn'), enInput)),
      h('div', { class: 'ks-actions' }, h('button', { type: 'submit', class: 'ks-primary' }, t('create'))),
    ) as HTMLFormElement;
    create.addEventListener('submit', async (event) => {
      event.preventDefault();
      const key = keyInput.value.trim();
      const title = { 'zh-CN': zhInput.value.trim(), en: enInput.value.trim() };
      const errors: { pointer: string; message: string }[] = [];
      if (!/^[a-z][a-z0-9_]{0,63}$/.test(key))
        errors.push({ pointer: '/body/key', message: t('keyInvalid') });
      if (!title['zh-CN']) errors.push({ pointer: '/body/content/title/zh-CN', message: t('titleMissing') });
      if (!title.en) errors.push({ pointer: '/body/content/title/en', message: t('titleMissing') });
      if (errors.length) {
        const problem: ApiProblem = { statusCode: 422, code: 'invalid', message: t('fixBelow'), errors };
        return ks.problem(problem, create);
      }
      // A new form: one empty section; the designer adds the questions and their data schema.
      const content = {
        key,
        title,
        dataSchema: { type: 'object', additionalProperties: false, properties: {} },
        layout: {
          sections: [{ id: 'main', title: { 'zh-CN': '问题', en: 'Questions' }, fields: [] as unknown[] }],
        },
      };
      const answer = await ks.api('POST', '/api/documents/form', { key, content });
      if (!answer.ok) return ks.problem(answer.problem, create);
      ks.clearProblems(create);
      ks.say(t('created'));
      location.href = designerHref(key);
    });

    const answer = await ks.api<FormView[]>('GET', '/api/documents/form');
    if (!answer.ok) {
      ks.fill(ks.root, create);
      ks.problem(answer.problem);
      return ks.ready();
    }
    const forms = answer.data;
    // A published form without a draft keeps its title in the published version.
    const titles = new Map<string, Bi | null>();
    await Promise.all(
      forms.map(async (f) => {
        if (f.draft?.title) return titles.set(f.key, f.draft.title);
        if (!f.publishedVersion) return titles.set(f.key, null);
        const version = await ks.api<{ content: { title?: Bi } }>(
          'GET',
          `/api/documents/form/${encodeURIComponent(f.key)}/versions/${f.publishedVersion}`,
        );
        titles.set(f.key, version.ok ? (version.data.content.title ?? null) : null);
      }),
    );
    const rows = forms.map((f) => {
      const title = titles.get(f.key);
      return [
        h('a', { href: designerHref(f.key) }, title ? ks.bi(title) : f.key),
        h('code', null, f.key),
        h(
          'span',
          null,
          h('span', { class: 'ks-badge', 'data-status': f.status }, t(`status.${f.status}`)),
          f.draft && f.publishedVersion ? h('span', { class: 'ks-meta' }, ' ', t('pendingChanges')) : null,
        ),
        f.publishedVersion ? `v${f.publishedVersion}` : t('notPublished'),
        f.draft
          ? f.draftErrors.length
            ? t('problems', { count: f.draftErrors.length })
            : t('noProblems')
          : '—',
        ks.date(f.updatedAt),
      ];
    });
    ks.fill(
      ks.root,
      create,
      h(
        'section',
        { 'aria-labelledby': 'ks-form-list' },
        h('h2', { id: 'ks-form-list' }, t('list')),
        forms.length
          ? ks.table(
              t('list'),
              ['title', 'key', 'status', 'version', 'problems', 'updated'].map((c) => t(`col.${c}`)),
              rows,
            )
          : h('p', null, t('noForms')),
        ks.can('surveys:manage')
          ? h('p', null, h('a', { href: `/console/surveys?lang=${ks.locale}` }, t('toSurveys')))
          : null,
      ),
    );
    ks.ready();
  },
};
