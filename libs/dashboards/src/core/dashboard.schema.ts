import type { FromSchema } from 'json-schema-to-ts';

/**
 * JSON Schema (2020-12) of the dashboard document kind. Annotations are English in `title` / `description`,
 * with the Chinese text beside them in `x-zh-CN: { title?, description? }` (ajv and json-schema-to-ts ignore
 * `x-` keywords). The schema checks shapes; `checkDashboard` checks meaning (datasets, fields, formulas).
 */

export const DASHBOARD_KEY_PATTERN = '^[a-z][a-z0-9_]{0,63}$';
const NAME_PATTERN = '^[a-z][a-z0-9_]{0,63}$';

export const WIDGET_TYPES = ['number', 'bar', 'line', 'pie', 'radar', 'table', 'heatmap', 'scatter'] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];

export const DATASET_KEYS = [
  'metric_values',
  'account_scores',
  'kpi_scores',
  'person_scores',
  'survey_responses',
  'cycle_progress',
  'cycle_tasks',
] as const;
export type DatasetKey = (typeof DATASET_KEYS)[number];

export const FILTER_NAMES = ['period', 'accountType', 'region', 'department', 'person'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

export const MEASURE_FORMATS = ['number', 'integer', 'percent', 'currency', 'score'] as const;
export type MeasureFormat = (typeof MEASURE_FORMATS)[number];

const bilingualSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['zh-CN', 'en'],
  properties: {
    'zh-CN': { type: 'string', minLength: 1, maxLength: 500 },
    en: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const;

const longBilingualSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['zh-CN', 'en'],
  properties: {
    'zh-CN': { type: 'string', minLength: 1, maxLength: 2000 },
    en: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;

const formulaSchema = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const fieldNameSchema = { type: 'string', pattern: NAME_PATTERN } as const;

export const measureSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'label', 'formula'],
  description:
    'A number computed over the rows of each group (or all rows) by an aggregate formula, e.g. SUM(revenue)/SUM(target).',
  'x-zh-CN': { description: '用汇总公式对每组（或全部）数据行计算的数值，例如 SUM(revenue)/SUM(target)。' },
  properties: {
    key: fieldNameSchema,
    label: bilingualSchema,
    formula: {
      ...formulaSchema,
      description:
        'Aggregate formula over the fields of the dataset (fields inside SUM, AVERAGE, COUNTIF…); evaluated on the server.',
      'x-zh-CN': {
        description: '基于数据集字段的汇总公式（字段须在 SUM、AVERAGE、COUNTIF 等函数内），在服务器端计算。',
      },
    },
    format: { enum: MEASURE_FORMATS, default: 'number' },
    decimals: { type: 'integer', minimum: 0, maximum: 6 },
  },
} as const;
export type DashboardMeasure = FromSchema<typeof measureSchema, { keepDefaultedPropertiesOptional: true }>;

export const widgetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'title', 'dataset', 'measures'],
  description:
    'One tile of the grid: a dataset, filters, grouping and measures, drawn as a chart, card or table.',
  'x-zh-CN': { description: '网格中的一个组件：数据集、筛选、分组与度量，显示为图表、指标卡或表格。' },
  properties: {
    id: fieldNameSchema,
    type: {
      enum: WIDGET_TYPES,
      description:
        'number: a card with target and trend; bar, line, pie, radar, heatmap (two group-by fields), scatter (two measures per point); table: a ranking.',
      'x-zh-CN': {
        description:
          'number：带目标与趋势的指标卡；bar、line、pie、radar、heatmap（两个分组字段）、scatter（每点两个度量）；table：排名表。',
      },
    },
    title: bilingualSchema,
    description: longBilingualSchema,
    dataset: {
      enum: DATASET_KEYS,
      description: 'Where the rows come from; each dataset has its own fields (see the dataset catalog).',
      'x-zh-CN': { description: '数据行的来源；每个数据集有各自的字段（见数据集目录）。' },
    },
    size: {
      type: 'object',
      additionalProperties: false,
      description: 'Width in columns of a 12-column grid and height in rows.',
      'x-zh-CN': { description: '在 12 列网格中的宽度（列）与高度（行）。' },
      properties: {
        w: { type: 'integer', minimum: 1, maximum: 12 },
        h: { type: 'integer', minimum: 1, maximum: 8 },
      },
    },
    groupBy: {
      type: 'array',
      maxItems: 2,
      uniqueItems: true,
      items: fieldNameSchema,
      description:
        'Dimension fields: the categories (first) and the series (second); `period` gives a trend over periods.',
      'x-zh-CN': { description: '维度字段：类别（第一个）与系列（第二个）；`period` 表示按周期的趋势。' },
    },
    measures: { type: 'array', minItems: 1, maxItems: 6, items: measureSchema },
    where: {
      ...formulaSchema,
      description: 'Row formula: only rows for which it is TRUE count, e.g. kpi = "churn_rate".',
      'x-zh-CN': { description: '行公式：仅结果为 TRUE 的数据行参与计算，例如 kpi = "churn_rate"。' },
    },
    periods: {
      type: 'integer',
      minimum: 1,
      maximum: 24,
      default: 1,
      description: 'How many periods up to the selected one the widget reads (a trend over 8 quarters: 8).',
      'x-zh-CN': { description: '组件读取截至所选周期的周期数（8 个季度的趋势：8）。' },
    },
    sort: {
      type: 'object',
      additionalProperties: false,
      required: ['by'],
      properties: {
        by: { ...fieldNameSchema, description: 'A measure key or a group-by field.' },
        order: { enum: ['asc', 'desc'], default: 'desc' },
      },
    },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    target: {
      type: 'object',
      additionalProperties: false,
      description: 'Number card: the target, a constant or an aggregate formula.',
      'x-zh-CN': { description: '指标卡：目标值，常数或汇总公式。' },
      properties: { value: { type: 'number' }, formula: formulaSchema },
    },
    trend: {
      type: 'integer',
      minimum: 2,
      maximum: 12,
      description: 'Number card: show the value of this many periods up to the selected one.',
      'x-zh-CN': { description: '指标卡：显示截至所选周期的若干周期数值。' },
    },
    alert: {
      type: 'object',
      additionalProperties: false,
      required: ['measure', 'worse'],
      description:
        'With `period` in groupBy: flag each series whose measure got worse this many periods in a row.',
      'x-zh-CN': { description: '分组含 `period` 时：度量连续若干个周期变差的系列将被预警。' },
      properties: {
        measure: fieldNameSchema,
        worse: {
          enum: ['up', 'down'],
          description: 'up: higher is worse (e.g. churn); down: lower is worse.',
        },
        periods: { type: 'integer', minimum: 1, maximum: 6, default: 2 },
      },
    },
  },
} as const;
export type DashboardWidget = FromSchema<typeof widgetSchema, { keepDefaultedPropertiesOptional: true }>;

export const dashboardDocumentSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keyscore.dev/schemas/dashboard.schema.json',
  title: 'Dashboard',
  description:
    'A dashboard: filters and a grid of widgets, each bound to a dataset with group-by, sort, limit and measures written as formulas.',
  'x-zh-CN': {
    title: '仪表盘',
    description:
      '仪表盘：筛选条件与组件网格，每个组件绑定一个数据集，包含分组、排序、条数限制及以公式表示的度量。',
  },
  type: 'object',
  additionalProperties: false,
  required: ['key', 'title', 'widgets'],
  properties: {
    key: { type: 'string', pattern: DASHBOARD_KEY_PATTERN },
    title: bilingualSchema,
    description: longBilingualSchema,
    periodKind: {
      enum: ['quarter', 'month'],
      default: 'quarter',
      description: 'The periods of the period filter; review-cycle datasets always use the quarter.',
      'x-zh-CN': { description: '周期筛选的周期类型；考核周期相关数据集始终按季度。' },
    },
    filters: {
      type: 'array',
      uniqueItems: true,
      items: { enum: FILTER_NAMES },
      description: 'The filter controls the page offers.',
      'x-zh-CN': { description: '页面提供的筛选控件。' },
    },
    defaults: {
      type: 'object',
      additionalProperties: false,
      description:
        'Filter values used when the viewer chose none; period "latest" is the newest period with data.',
      'x-zh-CN': { description: '查看者未选择时的筛选值；period 为 "latest" 表示有数据的最新周期。' },
      properties: {
        period: { type: 'string', pattern: '^(latest|\\d{4}-Q[1-4]|\\d{4}-(0[1-9]|1[0-2]))$' },
        accountType: { type: 'string', maxLength: 32 },
        region: { type: 'string', maxLength: 64 },
      },
    },
    widgets: { type: 'array', minItems: 1, maxItems: 24, items: widgetSchema },
  },
  examples: [
    {
      key: 'revenue_by_type',
      title: { 'zh-CN': '按客户类型的收入', en: 'Revenue by account type' },
      filters: ['period', 'accountType'],
      defaults: { period: 'latest' },
      widgets: [
        {
          id: 'attainment',
          type: 'number',
          title: { 'zh-CN': '收入目标达成率', en: 'Revenue against target' },
          dataset: 'metric_values',
          measures: [
            {
              key: 'attainment',
              label: { 'zh-CN': '达成率', en: 'Attainment' },
              formula: 'SUM(revenue)/SUM(target)',
              format: 'percent',
            },
          ],
          target: { value: 1 },
          trend: 4,
        },
        {
          id: 'by_type',
          type: 'bar',
          title: { 'zh-CN': '各类客户收入', en: 'Revenue by account type' },
          dataset: 'metric_values',
          groupBy: ['account_type'],
          measures: [
            {
              key: 'revenue',
              label: { 'zh-CN': '收入', en: 'Revenue' },
              formula: 'SUM(revenue)',
              format: 'currency',
            },
            {
              key: 'target',
              label: { 'zh-CN': '目标', en: 'Target' },
              formula: 'SUM(target)',
              format: 'currency',
            },
          ],
        },
      ],
    },
  ],
} as const;

export type DashboardDocument = FromSchema<
  typeof dashboardDocumentSchema,
  { keepDefaultedPropertiesOptional: true }
>;
