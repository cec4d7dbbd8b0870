import { createConnectorSchema } from '@keyscore/connectors';
import { BUILTIN_DASHBOARDS, dashboardDocumentSchema } from '@keyscore/dashboards';
import { BUILTIN_FORMS, formDocumentSchema } from '@keyscore/forms';
import {
  BUILTIN_KPIS,
  BUILTIN_TEMPLATES,
  kpiDefinitionSchema,
  scorecardTemplateSchema,
} from '@keyscore/scoring';
import { BUILTIN_WORKFLOWS, workflowDefinitionSchema } from '@keyscore/workflow';

const BASE = 'https://keyscore.dev/schemas/';

type Annotations = {
  title: string;
  description: string;
  'x-zh-CN': { title: string; description: string };
  examples: readonly unknown[];
};

/** The file of one document kind under schemas/: the schema the store validates with, plus annotations. */
function published(file: string, schema: object, annotations: Annotations) {
  return {
    file,
    schema: {
      ...schema,
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: BASE + file,
      ...annotations,
    },
  };
}

/**
 * One JSON Schema (2020-12) per document kind, as schemas/ at the top of the repository holds them for
 * people and other tools. They are written from the schemas the code validates with (`npm run schemas`),
 * and a spec fails when a file differs from what this list produces, so the two cannot drift.
 */
export const KIND_SCHEMA_FILES = [
  published('kpi.schema.json', kpiDefinitionSchema, {
    title: 'KPI definition',
    description: 'A KPI: formula over metrics, target rule and scoring rule, with names in zh-CN and en.',
    'x-zh-CN': {
      title: 'KPI 指标定义',
      description: '指标：基于度量的公式、目标规则与评分规则，含中英文名称。',
    },
    examples: [BUILTIN_KPIS[0]],
  }),
  published('scorecard-template.schema.json', scorecardTemplateSchema, {
    title: 'Scorecard template',
    description: 'The KPIs of an account type with weights summing to 100, overrides and rating bands.',
    'x-zh-CN': { title: '计分卡模板', description: '某类客户的指标及权重（合计 100）、目标覆盖与评级区间。' },
    examples: [BUILTIN_TEMPLATES[0]],
  }),
  published('form.schema.json', formDocumentSchema, {
    title: 'Form',
    description:
      'A form or survey: the JSON Schema of its data and its layout (sections, widgets, conditions).',
    'x-zh-CN': { title: '表单', description: '表单或问卷：数据的 JSON Schema 与布局（分节、控件、条件）。' },
    examples: [BUILTIN_FORMS[0]],
  }),
  published('workflow.schema.json', workflowDefinitionSchema, {
    title: 'Workflow',
    description:
      'A review workflow: typed steps (form, approval, compute, condition, parallel, wait, notify, end).',
    'x-zh-CN': {
      title: '审批流程',
      description: '考核流程：带类型的步骤（表单、审批、计算、条件、并行、等待、通知、结束）。',
    },
    examples: [BUILTIN_WORKFLOWS[0]],
  }),
  published('connector.schema.json', createConnectorSchema, {
    title: 'Pull connector',
    description:
      'A CRM/ERP API that Keyscore pulls metric values from: URL, item pointer, mapping, schedule.',
    'x-zh-CN': {
      title: '数据连接器',
      description: 'Keyscore 从中拉取度量值的 CRM/ERP 接口：地址、数据位置、字段映射、计划。',
    },
    examples: [
      {
        key: 'crm-revenue',
        name: 'CRM revenue',
        url: 'https://crm.example.com/api/revenue',
        itemsPointer: '/items',
        mapping: { accountCode: '/customer', metricKeyConst: 'revenue', period: '/month', value: '/amount' },
        metricKeys: ['revenue'],
      },
    ],
  }),
  published('dashboard.schema.json', dashboardDocumentSchema, {
    title: 'Dashboard',
    description:
      'A dashboard: filters and a grid of widgets over datasets, with group-by, sort, limit and measures written as formulas.',
    'x-zh-CN': {
      title: '仪表盘',
      description: '仪表盘：筛选条件与基于数据集的组件网格，含分组、排序、条数限制及以公式表示的度量。',
    },
    examples: [BUILTIN_DASHBOARDS[0]],
  }),
] as const;
