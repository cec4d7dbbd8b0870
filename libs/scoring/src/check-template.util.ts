import type { ScoringIssue } from './bilingual';
import { BUILTIN_KPIS } from './builtin/builtin-kpis';
import { BUILTIN_TEMPLATES } from './builtin/builtin-templates';
import type { KpiDefinition } from './kpi.schema';
import { resolveScorecard } from './resolve-scorecard.util';
import type { ScorecardTemplate } from './template.schema';

export interface CheckTemplateOptions {
  /** Templates it may extend; the built-in ones when absent. A template of the same key is replaced. */
  readonly templates?: readonly ScorecardTemplate[];
  /** KPIs it may weigh; the built-in library when absent. */
  readonly kpis?: readonly KpiDefinition[];
}

/**
 * What a scorecard template's schema cannot say, checked on the scorecard it resolves to: a known base
 * and KPIs, weights summing to 100, the horizon balance, rating bands in order, rules that fit their KPI.
 * Pointers are into the template itself (e.g. `/entries/3/weight`); a problem found in its base
 * template (which the base's own check reports) is pointed at `/extends`.
 */
export function checkScorecardTemplate(
  template: ScorecardTemplate,
  options: CheckTemplateOptions = {},
): ScoringIssue[] {
  const others = (options.templates ?? BUILTIN_TEMPLATES).filter((t) => t.key !== template.key);
  const issues: readonly (ScoringIssue & { document: string })[] = resolveScorecard(template.key, {
    templates: [...others, template],
    kpis: options.kpis ?? BUILTIN_KPIS,
  }).issues;
  const own = `template:${template.key}`;
  return issues.map((issue) => ({
    pointer: issue.document === own ? issue.pointer : '/extends',
    message: issue.message,
  }));
}
