/** Every diagnostic the formula engine reports, in English and Simplified Chinese. */
export type Locale = 'en' | 'zh-CN';

export interface LocalizedText {
  readonly en: string;
  readonly 'zh-CN': string;
}

export const DIAGNOSTIC_MESSAGES = {
  empty: { en: 'The formula is empty', 'zh-CN': '公式为空' },
  'too-long': {
    en: 'The formula is longer than {max} characters',
    'zh-CN': '公式长度超过 {max} 个字符',
  },
  'too-deep': { en: 'The formula is nested more than {max} levels deep', 'zh-CN': '公式嵌套超过 {max} 层' },
  'too-many-nodes': {
    en: 'The formula has more than {max} elements',
    'zh-CN': '公式包含的元素超过 {max} 个',
  },
  'unexpected-char': { en: 'Unexpected character "{text}"', 'zh-CN': '无法识别的字符“{text}”' },
  'unterminated-string': {
    en: 'Text is missing its closing quote (")',
    'zh-CN': '文本缺少结尾的双引号（"）',
  },
  'unterminated-bracket': {
    en: 'Bracketed name is missing its closing "]"',
    'zh-CN': '方括号名称缺少结尾的“]”',
  },
  'empty-name': { en: 'The name between brackets is empty', 'zh-CN': '方括号中的名称为空' },
  'unexpected-token': { en: 'Unexpected "{text}"', 'zh-CN': '此处不应出现“{text}”' },
  'unexpected-end': { en: 'The formula ends too early', 'zh-CN': '公式不完整' },
  'expected-token': {
    en: 'Expected "{expected}" but found "{text}"',
    'zh-CN': '此处应为“{expected}”，实际为“{text}”',
  },
  'unknown-function': { en: 'Unknown function {name}', 'zh-CN': '未知函数 {name}' },
  arity: {
    en: '{name} takes {expected} argument(s) but got {count}',
    'zh-CN': '{name} 需要 {expected} 个参数，实际为 {count} 个',
  },
  'unknown-field': { en: 'Unknown field {name}', 'zh-CN': '未知字段 {name}' },
  'unknown-formula': { en: 'Unknown formula @{name}', 'zh-CN': '未知公式 @{name}' },
  'reserved-name': {
    en: 'The name "{name}" is reserved and cannot be used',
    'zh-CN': '名称“{name}”为保留字，不能使用',
  },
  'field-outside-aggregate': {
    en: 'In an aggregate formula, field {name} must be inside an aggregate function such as SUM',
    'zh-CN': '在汇总公式中，字段 {name} 必须放在 SUM 等汇总函数内',
  },
  'type-mismatch': {
    en: 'Argument {index} of {name} should be {expected}, not {actual}',
    'zh-CN': '{name} 的第 {index} 个参数应为{expected}，而不是{actual}',
  },
  'operand-type': {
    en: 'The operator {op} needs {expected}, not {actual}',
    'zh-CN': '运算符 {op} 需要{expected}，而不是{actual}',
  },
  cycle: {
    en: 'Formulas refer to each other in a cycle: {path}',
    'zh-CN': '公式之间存在循环引用：{path}',
  },
} as const satisfies Record<string, LocalizedText>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_MESSAGES;

const TYPE_NAMES: Record<string, LocalizedText> = {
  number: { en: 'a number', 'zh-CN': '数字' },
  text: { en: 'text', 'zh-CN': '文本' },
  boolean: { en: 'TRUE/FALSE', 'zh-CN': '逻辑值' },
  date: { en: 'a date', 'zh-CN': '日期' },
  any: { en: 'any value', 'zh-CN': '任意值' },
  error: { en: 'an error', 'zh-CN': '错误值' },
};

export function typeName(type: string, locale: Locale): string {
  return TYPE_NAMES[type]?.[locale] ?? type;
}

/** Fills a message template in both languages; `{expected}`/`{actual}` type names are translated. */
export function formatMessage(
  code: DiagnosticCode,
  params: Readonly<Record<string, string | number>> = {},
): LocalizedText {
  const fill = (template: string, locale: Locale): string =>
    template.replace(/\{(\w+)\}/g, (_, key: string) => {
      const raw = params[key];
      if (raw === undefined) return `{${key}}`;
      return (key === 'expected' || key === 'actual') && typeof raw === 'string' && raw in TYPE_NAMES
        ? typeName(raw, locale)
        : String(raw);
    });
  const m: LocalizedText = DIAGNOSTIC_MESSAGES[code];
  return { en: fill(m.en, 'en'), 'zh-CN': fill(m['zh-CN'], 'zh-CN') };
}
