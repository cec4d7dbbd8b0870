import { format, LOCALES, type Bilingual } from '@keyscore/i18n';

/** What can be wrong with one widget, at publication (meaning check) or when it is computed. */
export enum WidgetErrorCode {
  FormulaInvalid = 'dashboards.formula_invalid',
  CountOfText = 'dashboards.count_of_text',
  UnknownField = 'dashboards.unknown_field',
  UnknownMeasure = 'dashboards.unknown_measure',
  WidgetShape = 'dashboards.widget_shape',
  DuplicateId = 'dashboards.duplicate_id',
  DatasetUnavailable = 'dashboards.dataset_unavailable',
  EvaluationFailed = 'dashboards.evaluation_failed',
}

export const WIDGET_ERROR_TEXTS: Record<WidgetErrorCode, Bilingual> = {
  [WidgetErrorCode.FormulaInvalid]: {
    en: 'Formula "{formula}", line {line}, column {column}: {problem}',
    'zh-CN': '公式“{formula}”第 {line} 行第 {column} 列：{problem}',
  },
  [WidgetErrorCode.CountOfText]: {
    en: 'Formula "{formula}", line {line}, column {column}: COUNT counts numbers only and {field} is text; use COUNTA({field})',
    'zh-CN':
      '公式“{formula}”第 {line} 行第 {column} 列：COUNT 只统计数字，{field} 是文本，请改用 COUNTA({field})',
  },
  [WidgetErrorCode.UnknownField]: {
    en: 'The dataset {dataset} has no field "{field}".',
    'zh-CN': '数据集 {dataset} 中没有字段“{field}”。',
  },
  [WidgetErrorCode.UnknownMeasure]: {
    en: '"{field}" is neither a measure of this widget nor one of its group-by fields.',
    'zh-CN': '“{field}”既不是该组件的度量，也不是它的分组字段。',
  },
  [WidgetErrorCode.WidgetShape]: {
    en: 'A {type} widget needs {needs}.',
    'zh-CN': '{type} 类型的组件需要{needs}。',
  },
  [WidgetErrorCode.DuplicateId]: {
    en: '"{field}" is used twice; ids and keys must be unique.',
    'zh-CN': '“{field}”重复使用；id 与 key 必须唯一。',
  },
  [WidgetErrorCode.DatasetUnavailable]: {
    en: 'The dataset {dataset} is not available in this workspace ({why}).',
    'zh-CN': '本工作区暂无数据集 {dataset}（{why}）。',
  },
  [WidgetErrorCode.EvaluationFailed]: {
    en: 'This widget could not be computed; the request id identifies the error in the logs.',
    'zh-CN': '该组件无法计算；可凭请求编号在日志中查询原因。',
  },
};

/** Where in a formula a problem is (offsets are characters; lines and columns 1-based). */
export interface FormulaPosition {
  readonly start: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
}

/** A widget's error as a page shows it in place of the widget. */
export interface WidgetError {
  readonly code: WidgetErrorCode;
  readonly message: Bilingual;
  /** JSON pointer into the dashboard document (`/widgets/2/measures/0/formula`). */
  readonly pointer: string;
  readonly formula?: string;
  readonly position?: FormulaPosition;
}

/** A placeholder value: the same in both languages, or one per language. */
export type TextParam = string | number | Bilingual;

/** Fills a text's placeholders per language (a bilingual parameter gives each language its own words). */
export function fillText(text: Bilingual, params: Record<string, TextParam>): Bilingual {
  const out = { ...text };
  for (const locale of LOCALES) {
    const local: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(params))
      local[name] = typeof value === 'object' ? value[locale] : value;
    out[locale] = format(text[locale], local);
  }
  return out;
}

export function widgetError(
  code: WidgetErrorCode,
  pointer: string,
  params: Record<string, TextParam> = {},
  extra: { formula?: string; position?: FormulaPosition } = {},
): WidgetError {
  return { code, message: fillText(WIDGET_ERROR_TEXTS[code], params), pointer, ...extra };
}
