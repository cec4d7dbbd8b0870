import { buildDependencyGraph, check } from '@keyscore/formula';
import { ScoringIssue, pointer, text } from './bilingual';
import type { KpiDefinition, ScoringRule } from './kpi.schema';

/** Fields a custom scoring-rule formula may read. */
export const RULE_FORMULA_FIELDS = ['value', 'target', 'prior', 'previous'] as const;

export interface ValidateKpisOptions {
  /** Known metric keys; when given, a formula field outside this list is an error. */
  readonly metrics?: readonly string[];
}

/**
 * Checks a KPI library as a whole: unique keys, formulas that parse and refer only to known metrics and
 * KPIs, no cycles among `@kpi` references, and scoring rules that fit the KPI's direction.
 * Structural checks (types, required fields) belong to the JSON Schema; this is what a schema cannot say.
 * Pointers are relative to the library array: `/3/formula`.
 */
export function validateKpis(
  kpis: readonly KpiDefinition[],
  options: ValidateKpisOptions = {},
): ScoringIssue[] {
  const issues: ScoringIssue[] = [];
  const seen = new Map<string, number>();
  kpis.forEach((k, i) => {
    const first = seen.get(k.key);
    if (first !== undefined) {
      issues.push({
        pointer: pointer(i, 'key'),
        message: text(
          '指标键 {key} 重复（与第 {first} 项相同）',
          'KPI key {key} is used twice (also item {first})',
          {
            key: k.key,
            first,
          },
        ),
      });
    } else seen.set(k.key, i);
  });
  const keys = [...seen.keys()];

  kpis.forEach((k, i) => {
    const result = check(k.formula, options.metrics, { formulas: keys });
    for (const d of result.diagnostics) {
      if (d.severity !== 'error') continue;
      issues.push({
        pointer: pointer(i, 'formula'),
        message: text('公式错误（第 {col} 列）：{zh}', 'Formula error (column {col}): {en}', {
          col: d.column,
          zh: d.message['zh-CN'],
          en: d.message.en,
        }),
      });
    }
    issues.push(...validateRule(k.scoring, k.direction, pointer(i, 'scoring')));
  });

  const graph = buildDependencyGraph(new Map(kpis.map((k) => [k.key, k.formula])));
  for (const cycle of graph.cycles) {
    const path = [...cycle, cycle[0]].map((n) => '@' + n).join(' → ');
    for (const key of cycle) {
      issues.push({
        pointer: pointer(seen.get(key) ?? 0, 'formula'),
        message: text(
          '指标公式之间存在循环引用：{path}',
          'KPI formulas refer to each other in a cycle: {path}',
          {
            path,
          },
        ),
      });
    }
  }
  return issues;
}

/** What a scoring rule must satisfy beyond its schema, given the KPI's direction. */
export function validateRule(rule: ScoringRule, direction: 'higher' | 'lower', at: string): ScoringIssue[] {
  const issues: ScoringIssue[] = [];
  const add = (sub: string, zh: string, en: string, params: Record<string, string | number> = {}): void => {
    issues.push({ pointer: at + sub, message: text(zh, en, params) });
  };
  switch (rule.type) {
    case 'linear':
      if (direction === 'lower')
        add(
          '/type',
          '该指标越低越好，请使用“越低越好”的线性规则',
          'This KPI is lower-is-better: use the lower_is_better rule',
        );
      if (!(rule.floor < rule.stretch))
        add(
          '/floor',
          '底线 {floor} 必须小于挑战值 {stretch}',
          'The floor {floor} must be below the stretch {stretch}',
          {
            floor: rule.floor,
            stretch: rule.stretch,
          },
        );
      if (rule.relative && !(rule.floor < 1 && rule.stretch >= 1))
        add(
          '/floor',
          '相对规则中，底线应小于 1 倍目标，挑战值应不小于 1 倍目标',
          'In a relative rule the floor must be below 1× the target and the stretch at least 1×',
        );
      break;
    case 'lower_is_better':
      if (direction === 'higher')
        add(
          '/type',
          '该指标越高越好，不能使用“越低越好”规则',
          'This KPI is higher-is-better: lower_is_better does not fit',
        );
      if (!(rule.ceiling > rule.stretch))
        add(
          '/ceiling',
          '上限 {ceiling} 必须大于挑战值 {stretch}',
          'The ceiling {ceiling} must be above the stretch {stretch}',
          { ceiling: rule.ceiling, stretch: rule.stretch },
        );
      if (rule.relative && !(rule.ceiling > 1 && rule.stretch <= 1))
        add(
          '/ceiling',
          '相对规则中，上限应大于 1 倍目标，挑战值应不大于 1 倍目标',
          'In a relative rule the ceiling must be above 1× the target and the stretch at most 1×',
        );
      break;
    case 'step':
      for (let i = 1; i < rule.bands.length; i++) {
        if (!(rule.bands[i].threshold > rule.bands[i - 1].threshold))
          add(
            `/bands/${i}/threshold`,
            '档位阈值必须严格升序',
            'Band thresholds must be in strictly ascending order',
          );
      }
      break;
    case 'gate':
      break;
    case 'formula': {
      const result = check(rule.formula, RULE_FORMULA_FIELDS);
      for (const d of result.diagnostics) {
        if (d.severity === 'error')
          add('/formula', '评分公式错误：{zh}', 'Scoring formula error: {en}', {
            zh: d.message['zh-CN'],
            en: d.message.en,
          });
      }
      break;
    }
  }
  return issues;
}
