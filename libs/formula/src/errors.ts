/**
 * Error values. Evaluation never throws: every failure is one of these values, and it propagates
 * through operators and functions the way spreadsheet errors do.
 */
export const ERROR_CODES = [
  '#DIV/0!',
  '#VALUE!',
  '#NAME?',
  '#N/A',
  '#NUM!',
  '#REF!',
  '#CYCLE!',
  '#LIMIT!',
  '#ERROR!',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FormulaError {
  readonly kind: 'error';
  readonly code: ErrorCode;
  /** Index into ERROR_CODES; the columnar evaluator stores this number in its value lanes. */
  readonly index: number;
}

const byCode = new Map<string, FormulaError>();
const byIndex: FormulaError[] = [];
ERROR_CODES.forEach((code, index) => {
  const e: FormulaError = Object.freeze({ kind: 'error', code, index });
  byCode.set(code, e);
  byIndex.push(e);
});

function get(code: ErrorCode): FormulaError {
  return byCode.get(code) as FormulaError;
}

/** The error singletons, so `v === DIV0` is a valid test. */
export const DIV0 = get('#DIV/0!');
export const VALUE = get('#VALUE!');
export const NAME = get('#NAME?');
export const NA = get('#N/A');
export const NUM = get('#NUM!');
export const REF = get('#REF!');
export const CYCLE = get('#CYCLE!');
export const LIMIT = get('#LIMIT!');
export const SYNTAX = get('#ERROR!');

export function errorOf(code: ErrorCode): FormulaError {
  return get(code);
}

export function errorFromIndex(index: number): FormulaError {
  return byIndex[index] ?? VALUE;
}

/** Parses an error literal such as `#N/A` (case-insensitive); undefined when it is not one. */
export function parseErrorCode(text: string): FormulaError | undefined {
  return byCode.get(text.toUpperCase());
}

/** What each error value means, for tooltips. */
export const ERROR_DESCRIPTIONS: Readonly<Record<ErrorCode, { en: string; 'zh-CN': string }>> = {
  '#DIV/0!': { en: 'Division by zero', 'zh-CN': '除数为零' },
  '#VALUE!': { en: 'Wrong type of value', 'zh-CN': '值的类型错误' },
  '#NAME?': { en: 'Unknown function or name', 'zh-CN': '未知的函数或名称' },
  '#N/A': { en: 'Value not available', 'zh-CN': '值不可用' },
  '#NUM!': { en: 'Invalid number (out of range or not finite)', 'zh-CN': '数值无效（超出范围或非有限值）' },
  '#REF!': { en: 'Unknown field or formula reference', 'zh-CN': '引用了不存在的字段或公式' },
  '#CYCLE!': { en: 'Formulas refer to each other in a cycle', 'zh-CN': '公式之间存在循环引用' },
  '#LIMIT!': { en: 'A safety limit was exceeded', 'zh-CN': '超出了安全限制' },
  '#ERROR!': { en: 'The formula could not be parsed', 'zh-CN': '公式无法解析' },
};
