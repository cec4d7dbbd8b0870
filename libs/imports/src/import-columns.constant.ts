import type { Bilingual } from '@keyscore/i18n';

/** The fields of an imported metric value row, in the order of a template file. */
export const IMPORT_FIELDS = [
  'accountCode',
  'metricKey',
  'period',
  'value',
  'state',
  'source',
  'sourceRecordId',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header texts per field: the English key and the Chinese label (both accepted on import). */
export const IMPORT_HEADERS: Record<ImportField, Bilingual> = {
  accountCode: { en: 'accountCode', 'zh-CN': '客户编码' },
  metricKey: { en: 'metricKey', 'zh-CN': '数据项' },
  period: { en: 'period', 'zh-CN': '期间' },
  value: { en: 'value', 'zh-CN': '数值' },
  state: { en: 'state', 'zh-CN': '状态' },
  source: { en: 'source', 'zh-CN': '来源' },
  sourceRecordId: { en: 'sourceRecordId', 'zh-CN': '来源记录' },
};

/** Columns a file must have; state defaults to `actual`, source to `import`. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['accountCode', 'metricKey', 'period', 'value'];

/** Normalised header text → field (case, spaces, `_` and `-` do not matter). */
const HEADER_LOOKUP = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((field) => [
    [normaliseHeader(IMPORT_HEADERS[field].en), field],
    [normaliseHeader(IMPORT_HEADERS[field]['zh-CN']), field],
  ]),
);

export function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/[\s_-]/g, '')
    .toLowerCase();
}

export function fieldOfHeader(text: string): ImportField | undefined {
  return HEADER_LOOKUP.get(normaliseHeader(text));
}

/** Value states also accepted in Chinese (the labels users see). */
export const STATE_ALIASES: Record<string, string> = {
  实际: 'actual',
  估计: 'estimated',
  预估: 'estimated',
  待定: 'pending',
  不适用: 'not_applicable',
  保密: 'sealed',
};

export const SOURCE_ALIASES: Record<string, string> = {
  连接器: 'connector',
  导入: 'import',
  问卷: 'survey',
  手工: 'manual',
};
