import type { FromSchema } from 'json-schema-to-ts';
import { DATASET_KEYS, widgetSchema } from './core/dashboard.schema';

const filterProperties = {
  period: {
    type: 'string',
    pattern: '^(latest|\\d{4}-Q[1-4]|\\d{4}-(0[1-9]|1[0-2]))$',
    description: 'A quarter (2026-Q3) or month (2026-07); latest (default) is the newest with data.',
  },
  accountType: { type: 'string', enum: ['multinational', 'local_enterprise', ''] },
  region: { type: 'string', maxLength: 64 },
  department: { type: 'string', maxLength: 36, description: 'Department id (of the account manager).' },
  person: { type: 'string', maxLength: 36, description: 'Person id: their accounts (or their own rows).' },
  draft: {
    type: 'boolean',
    description: 'Render the draft instead of the published version (editors only).',
  },
  lang: { type: 'string', enum: ['zh-CN', 'en'] },
} as const;

export const dashboardDataQuerySchema = {
  $id: 'keyscore:dashboard-data-query',
  title: 'Dashboard filters / 仪表盘筛选条件',
  type: 'object',
  additionalProperties: false,
  properties: filterProperties,
} as const;
export type DashboardDataQuery = FromSchema<typeof dashboardDataQuerySchema>;

export const drillQuerySchema = {
  $id: 'keyscore:dashboard-drill-query',
  title: 'Drill-down / 下钻',
  type: 'object',
  additionalProperties: false,
  properties: {
    ...filterProperties,
    key: {
      type: 'string',
      maxLength: 2000,
      description: 'The element clicked: a JSON array of its group-by values, e.g. ["multinational"].',
    },
  },
} as const;
export type DrillQuery = FromSchema<typeof drillQuerySchema>;

const { period, accountType, region, department, person } = filterProperties;

export const previewWidgetSchema = {
  $id: 'keyscore:dashboard-preview-widget',
  title: 'A widget to compute before it is saved / 预览组件',
  type: 'object',
  additionalProperties: false,
  required: ['widget'],
  properties: {
    widget: widgetSchema,
    filters: {
      type: 'object',
      additionalProperties: false,
      properties: { period, accountType, region, department, person },
    },
    periodKind: {
      enum: ['quarter', 'month'],
      default: 'quarter',
      description: "The dashboard's period kind (what period latest means).",
    },
  },
} as const;
export type PreviewWidget = FromSchema<typeof previewWidgetSchema, { keepDefaultedPropertiesOptional: true }>;

export const formulaCatalogQuerySchema = {
  $id: 'keyscore:formula-catalog-query',
  title: 'Formula catalog / 公式目录',
  type: 'object',
  additionalProperties: false,
  properties: {
    dataset: { enum: DATASET_KEYS, description: "Also list this dataset's fields." },
  },
} as const;
export type FormulaCatalogQuery = FromSchema<typeof formulaCatalogQuerySchema>;
