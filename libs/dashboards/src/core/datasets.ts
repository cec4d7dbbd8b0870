import type { Bilingual } from '@keyscore/i18n';
import { BUILTIN_FORMS } from '@keyscore/forms';
import { BUILTIN_METRICS, BUILTIN_KPIS } from '@keyscore/scoring';
import type { DatasetKey } from './dashboard.schema';

/** How a dimension's values get their display names (in both languages). */
export type LabelKind =
  | 'account'
  | 'accountType'
  | 'region'
  | 'industry'
  | 'department'
  | 'person'
  | 'kpi'
  | 'family'
  | 'rating'
  | 'kpiStatus'
  | 'instanceStatus'
  | 'taskStatus'
  | 'stage'
  | 'cycle'
  | 'function';

export interface FieldDef {
  readonly type: 'number' | 'text';
  readonly label: Bilingual;
  /** A field to group or filter by (text or a small set of values). */
  readonly dimension?: boolean;
  readonly labelOf?: LabelKind;
}

/** The data version scopes: counters the database bumps when a table of the scope changes. */
export const CHANGE_SCOPES = ['directory', 'metrics', 'scores', 'cycles', 'documents', 'surveys'] as const;
export type ChangeScope = (typeof CHANGE_SCOPES)[number];

export interface DatasetDef {
  readonly key: DatasetKey;
  readonly label: Bilingual;
  readonly description: Bilingual;
  /** Rows are about accounts (scoped by account) or about people (scoped by person). */
  readonly grain: 'account' | 'person';
  /** Whose changes invalidate results on this dataset; null: not tracked, so results are never cached. */
  readonly changes: readonly ChangeScope[] | null;
  /** Cycle datasets always use quarters, whatever the dashboard's period kind. */
  readonly quarterly: boolean;
  readonly fields: Readonly<Record<string, FieldDef>>;
}

const t = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, en });
const num = (zh: string, en: string): FieldDef => ({ type: 'number', label: t(zh, en) });
const dim = (zh: string, en: string, labelOf?: LabelKind): FieldDef => ({
  type: 'text',
  label: t(zh, en),
  dimension: true,
  ...(labelOf ? { labelOf } : {}),
});

/** Every row about an account carries the account, its manager and the manager's department. */
export const ACCOUNT_FIELDS: Readonly<Record<string, FieldDef>> = {
  account_id: dim('客户', 'Account', 'account'),
  account_code: dim('客户编号', 'Account code'),
  account_name: dim('客户名称', 'Account name'),
  account_name_en: dim('客户英文名称', 'Account name (English)'),
  account_type: dim('客户类型', 'Account type', 'accountType'),
  region: dim('区域', 'Region', 'region'),
  industry: dim('行业', 'Industry', 'industry'),
  manager_id: dim('客户经理', 'Account manager', 'person'),
  manager_name: dim('客户经理姓名', 'Account manager name'),
  department_id: dim('部门', 'Department', 'department'),
  department_name: dim('部门名称', 'Department name'),
  department_name_en: dim('部门英文名称', 'Department name (English)'),
  period: dim('周期', 'Period'),
};

/** Metric keys a formula may read: the built-in metrics and the survey measures of the built-in forms. */
export const METRIC_KEYS: readonly string[] = [
  ...new Set([
    ...BUILTIN_METRICS.map((m) => m.key),
    ...BUILTIN_FORMS.flatMap((f) => (f.measures ?? []).map((m) => m.metric)),
  ]),
];

const metricNames = new Map<string, Bilingual>(BUILTIN_METRICS.map((m) => [m.key, m.name]));
/** The measures of the built-in survey forms (0–100 per response). */
export const SURVEY_METRICS: readonly string[] = [
  ...new Set(BUILTIN_FORMS.flatMap((f) => (f.measures ?? []).map((m) => m.metric))),
];

function metricFields(): Record<string, FieldDef> {
  const fields: Record<string, FieldDef> = {};
  for (const key of METRIC_KEYS) {
    const name = metricNames.get(key) ?? t(key, key);
    fields[key] = { type: 'number', label: name };
    fields[`${key}_last_year`] = {
      type: 'number',
      label: t(`${name['zh-CN']}（去年同期）`, `${name.en} (same period last year)`),
    };
  }
  return fields;
}

/** Per-account KPI targets (account_targets) as fields: `target` is the revenue target. */
export const TARGET_FIELDS: Readonly<Record<string, string>> = {
  target: 'key_account_revenue',
  profit_target: 'profit',
};

export const KPI_KEYS: readonly string[] = BUILTIN_KPIS.map((k) => k.key);

const SCORE_FIELDS: Readonly<Record<string, FieldDef>> = {
  cycle_id: dim('考核周期', 'Review cycle', 'cycle'),
  score: num('得分', 'Score'),
  rating: dim('评级', 'Rating', 'rating'),
  coverage: num('数据覆盖率', 'Coverage'),
  locked: num('已锁定（1/0）', 'Locked (1/0)'),
};

export const DATASETS: Readonly<Record<DatasetKey, DatasetDef>> = {
  metric_values: {
    key: 'metric_values',
    label: t('指标数据', 'Metric values'),
    description: t(
      '每个客户每个周期一行：各指标数值（按来源优先级取值，密封值对无权限者为空）、去年同期值与客户目标。',
      'One row per account and period: each metric (by source precedence; sealed values blank unless allowed), the same period last year, and the per-account targets.',
    ),
    grain: 'account',
    changes: ['directory', 'metrics'],
    quarterly: false,
    fields: {
      ...ACCOUNT_FIELDS,
      ...metricFields(),
      target: num('收入目标', 'Revenue target'),
      profit_target: num('利润目标', 'Profit target'),
    },
  },
  account_scores: {
    key: 'account_scores',
    label: t('客户得分', 'Account scores'),
    description: t(
      '每个客户每个考核周期一行：总分、评级与数据覆盖率（同一季度以已关闭的周期为准）。',
      'One row per account and review period: score, rating and coverage (a closed cycle wins for its quarter).',
    ),
    grain: 'account',
    changes: ['directory', 'scores', 'cycles'],
    quarterly: true,
    fields: { ...ACCOUNT_FIELDS, ...SCORE_FIELDS },
  },
  kpi_scores: {
    key: 'kpi_scores',
    label: t('指标得分', 'KPI scores'),
    description: t(
      '每个客户每个考核周期每项指标一行：指标得分、数值、目标、权重、贡献与失分。',
      'One row per account, review period and KPI: KPI score, value, target, weights, contribution and points lost.',
    ),
    grain: 'account',
    changes: ['directory', 'scores', 'cycles'],
    quarterly: true,
    fields: {
      ...ACCOUNT_FIELDS,
      cycle_id: dim('考核周期', 'Review cycle', 'cycle'),
      kpi: dim('指标', 'KPI', 'kpi'),
      family: dim('指标类别', 'KPI family', 'family'),
      status: dim('状态', 'Status', 'kpiStatus'),
      score: num('指标得分', 'KPI score'),
      value: num('指标值', 'KPI value'),
      target: num('目标', 'Target'),
      weight: num('权重', 'Weight'),
      effective_weight: num('有效权重', 'Effective weight'),
      contribution: num('贡献分', 'Contribution'),
      lost: num('失分', 'Points lost'),
      scored: num('已评分（1/0）', 'Scored (1/0)'),
      account_score: num('客户总分', 'Account score'),
      rating: dim('客户评级', 'Account rating', 'rating'),
    },
  },
  person_scores: {
    key: 'person_scores',
    label: t('人员得分', 'Person scores'),
    description: t(
      '每人每个被计入贡献的客户每个考核周期一行：贡献比例与客户得分；人员得分 = SUM(weighted)/SUM(credited)。',
      "One row per person, credited account and review period: the credit share and the account's score; a person's score is SUM(weighted)/SUM(credited).",
    ),
    grain: 'person',
    changes: ['directory', 'scores', 'cycles'],
    quarterly: true,
    fields: {
      ...ACCOUNT_FIELDS,
      person_id: dim('人员', 'Person', 'person'),
      person_name: dim('姓名', 'Name'),
      person_department_id: dim('人员所在部门', "Person's department", 'department'),
      person_function: dim('职能', 'Function', 'function'),
      cycle_id: dim('考核周期', 'Review cycle', 'cycle'),
      score: num('客户得分', 'Account score'),
      rating: dim('客户评级', 'Account rating', 'rating'),
      credit: num('贡献比例（%）', 'Credit (%)'),
      weighted: num('加权得分', 'Weighted score'),
      credited: num('计分贡献', 'Scored credit'),
    },
  },
  survey_responses: {
    key: 'survey_responses',
    label: t('问卷答复', 'Survey responses'),
    description: t(
      '每份问卷答复一行：各项满意度度量（0–100），按问卷活动的周期归属。',
      'One row per survey response: its satisfaction measures (0–100), by the campaign’s period.',
    ),
    grain: 'account',
    changes: ['directory', 'surveys', 'documents'],
    quarterly: true,
    fields: {
      ...ACCOUNT_FIELDS,
      form_key: dim('问卷', 'Survey'),
      responses: num('答复数（每行 1）', 'Responses (1 per row)'),
      ...Object.fromEntries(
        SURVEY_METRICS.map((m) => [m, { type: 'number', label: metricNames.get(m) ?? t(m, m) }]),
      ),
    },
  },
  cycle_progress: {
    key: 'cycle_progress',
    label: t('考核进度', 'Review progress'),
    description: t(
      '每个考核流程实例一行：状态、当前环节、任务数、逾期与退回次数、已耗时（小时）。',
      'One row per review (workflow instance): status, current stage, tasks, overdue and returned tasks, hours open.',
    ),
    grain: 'account',
    changes: ['directory', 'cycles'],
    quarterly: true,
    fields: {
      ...ACCOUNT_FIELDS,
      cycle_id: dim('考核周期', 'Review cycle', 'cycle'),
      status: dim('状态', 'Status', 'instanceStatus'),
      stage: dim('当前环节', 'Current stage', 'stage'),
      completed: num('已完成（1/0）', 'Completed (1/0)'),
      running: num('进行中（1/0）', 'Running (1/0)'),
      tasks: num('任务数', 'Tasks'),
      open_tasks: num('待办任务', 'Open tasks'),
      overdue_tasks: num('逾期任务', 'Overdue tasks'),
      returns: num('退回次数', 'Returns'),
      hours: num('耗时（小时）', 'Hours'),
    },
  },
  cycle_tasks: {
    key: 'cycle_tasks',
    label: t('考核任务', 'Review tasks'),
    description: t(
      '每个考核任务一行：所属环节、状态、结果、是否逾期或退回、处理耗时（小时）。',
      'One row per review task: its stage, status, outcome, whether overdue or returned, hours taken.',
    ),
    grain: 'account',
    changes: ['directory', 'cycles'],
    quarterly: true,
    fields: {
      ...ACCOUNT_FIELDS,
      cycle_id: dim('考核周期', 'Review cycle', 'cycle'),
      stage: dim('环节', 'Stage', 'stage'),
      task_status: dim('任务状态', 'Task status', 'taskStatus'),
      outcome: dim('处理结果', 'Outcome'),
      open: num('待办（1/0）', 'Open (1/0)'),
      done: num('已完成（1/0）', 'Done (1/0)'),
      overdue: num('逾期（1/0）', 'Overdue (1/0)'),
      returned: num('退回（1/0）', 'Returned (1/0)'),
      hours: num('耗时（小时）', 'Hours'),
    },
  },
};

/** A dataset's fields with their formula types, for `check`. */
export function fieldTypes(dataset: DatasetKey): Record<string, 'number' | 'text'> {
  const out: Record<string, 'number' | 'text'> = {};
  for (const [name, def] of Object.entries(DATASETS[dataset].fields)) out[name] = def.type;
  return out;
}
