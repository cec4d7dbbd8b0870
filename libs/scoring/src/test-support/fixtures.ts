import type { AccountInput, MetricValue, PeriodMetrics, ValueState } from '../input.types';
import type { KpiDefinition, ScoringRule, TargetRule } from '../kpi.schema';
import { prepareScorecard, PreparedScorecard } from '../prepare-scorecard.util';
import { resolveScorecard } from '../resolve-scorecard.util';
import type { ScorecardTemplate, TemplateEntry } from '../template.schema';

/** A KPI whose value is one metric of the same name, linear 0 at 0, 100 at the target, 120 at 1.2×. */
export function kpi(key: string, over: Partial<KpiDefinition> = {}): KpiDefinition {
  return {
    key,
    version: 1,
    name: { 'zh-CN': key, en: key },
    family: 'performance',
    unit: 'score',
    direction: 'higher',
    horizon: 'short',
    formula: key,
    target: { type: 'fixed', value: 100 } as TargetRule,
    scoring: { type: 'linear', floor: 0, stretch: 120, cap: 120 } as ScoringRule,
    ...over,
  };
}

export function template(
  key: string,
  entries: TemplateEntry[],
  over: Partial<ScorecardTemplate> = {},
): ScorecardTemplate {
  return { key, version: 1, name: { 'zh-CN': key, en: key }, accountType: 'test', entries, ...over };
}

/** Resolves and prepares; fails the test when the scorecard has issues. */
export function card(
  kpis: KpiDefinition[],
  entries: TemplateEntry[],
  over: Partial<ScorecardTemplate> = {},
): PreparedScorecard {
  const r = resolveScorecard('t', { templates: [template('t', entries, over)], kpis });
  if (!r.scorecard || r.issues.length > 0) throw new Error(JSON.stringify(r.issues));
  return prepareScorecard(r.scorecard);
}

export function mv(
  value: number | null,
  state: ValueState = 'actual',
  source: MetricValue['source'] = 'import',
): MetricValue {
  return { value, state, source, sourceRecordIds: value === null ? [] : [`rec-${value}`] };
}

/** `{ a: 100, b: [null, 'pending'] }` → period metrics. */
export function metrics(values: Record<string, number | null | [number | null, ValueState]>): PeriodMetrics {
  const out: Record<string, MetricValue> = {};
  for (const [k, v] of Object.entries(values)) out[k] = Array.isArray(v) ? mv(v[0], v[1]) : mv(v);
  return out;
}

export function account(
  period: string,
  byPeriod: Record<string, PeriodMetrics>,
  over: Partial<AccountInput> = {},
): AccountInput {
  return { account: 'ACC-1', period, metrics: byPeriod, ...over };
}
