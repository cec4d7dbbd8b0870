import type { Bilingual } from '@keyscore/i18n';

/**
 * Texts that several document pages share (zh-CN and en), spread into each page's `texts` on the server:
 * a page script cannot import them, it reads them with `ks.t(key)` like its own.
 */

/** A document's status (draft, published, archived) as the document lists and editors show it. */
export const DOCUMENT_STATUS_TEXTS: Record<string, Bilingual> = {
  'status.draft': { 'zh-CN': '草稿', en: 'draft' },
  'status.published': { 'zh-CN': '已发布', en: 'published' },
  'status.archived': { 'zh-CN': '已归档', en: 'archived' },
};

/**
 * A list of documents of one kind with the form that creates one, empty or as a copy (`ks.newDocumentForm`
 * reads key, titleZh, titleEn, from, fromCopy, createButton and titleRequired from here).
 */
export const DOCUMENT_LIST_TEXTS: Record<string, Bilingual> = {
  ...DOCUMENT_STATUS_TEXTS,
  'col.title': { 'zh-CN': '名称', en: 'Name' },
  'col.key': { 'zh-CN': '键', en: 'Key' },
  'col.state': { 'zh-CN': '状态', en: 'State' },
  draftOpen: { 'zh-CN': '有未发布的草稿', en: 'unpublished draft' },
  draftProblems: { 'zh-CN': '草稿有 {count} 个问题', en: 'draft has {count} problems' },
  draftProblems1: { 'zh-CN': '草稿有 1 个问题', en: 'draft has 1 problem' },
  design: { 'zh-CN': '设计', en: 'Design' },
  key: { 'zh-CN': '键', en: 'Key' },
  titleZh: { 'zh-CN': '名称（中文）', en: 'Name (Chinese)' },
  titleEn: { 'zh-CN': '名称（英文）', en: 'Name (English)' },
  titleRequired: { 'zh-CN': '请填写中英文名称。', en: 'Give the name in both languages.' },
  from: { 'zh-CN': '起点', en: 'Start from' },
  fromCopy: { 'zh-CN': '复制“{title}”（{key}）', en: 'A copy of "{title}" ({key})' },
  createButton: { 'zh-CN': '创建并打开设计器', en: 'Create and open the designer' },
};

/**
 * A designer of a document's draft (`ks.documentDraft`): its name and description fields, the problems,
 * save and publish, the status line and the question before leaving with unsaved changes.
 */
export const DOCUMENT_DESIGNER_TEXTS: Record<string, Bilingual> = {
  titleZh: { 'zh-CN': '名称（中文）', en: 'Name (Chinese)' },
  titleEn: { 'zh-CN': '名称（英文）', en: 'Name (English)' },
  descriptionZh: { 'zh-CN': '说明（中文）', en: 'Description (Chinese)' },
  descriptionEn: { 'zh-CN': '说明（英文）', en: 'Description (English)' },
  problems: { 'zh-CN': '问题', en: 'Problems' },
  noProblems: { 'zh-CN': '没有发现问题。', en: 'No problems found.' },
  saveDraft: { 'zh-CN': '保存草稿', en: 'Save draft' },
  publish: { 'zh-CN': '发布新版本', en: 'Publish a new version' },
  json: { 'zh-CN': '文档 JSON', en: 'Document JSON' },
  saving: { 'zh-CN': '正在保存…', en: 'Saving…' },
  savedProblems: { 'zh-CN': '草稿已保存，有 {count} 个问题。', en: 'Draft saved; {count} problems.' },
  savedProblems1: { 'zh-CN': '草稿已保存，有 1 个问题。', en: 'Draft saved; 1 problem.' },
  savedValid: { 'zh-CN': '草稿已保存，检查通过。', en: 'Draft saved; it checks.' },
  nothingToPublish: {
    'zh-CN': '自第 {version} 版以来没有修改，无需发布。',
    en: 'Nothing changed since version {version}; there is nothing to publish.',
  },
  published: { 'zh-CN': '已发布为第 {version} 版。', en: 'Published as version {version}.' },
  reload: { 'zh-CN': '重新加载', en: 'Reload' },
  statusLine: {
    'zh-CN': '键：{key} · 已发布版本：{version} · {state}',
    en: 'Key: {key} · published version: {version} · {state}',
  },
  'state.unsaved': { 'zh-CN': '有未保存的修改', en: 'unsaved changes' },
  'state.draft': { 'zh-CN': '草稿已保存', en: 'draft saved' },
  'state.published': { 'zh-CN': '与已发布版本相同', en: 'as published' },
  leave: { 'zh-CN': '有未保存的修改。', en: 'There are unsaved changes.' },
};
