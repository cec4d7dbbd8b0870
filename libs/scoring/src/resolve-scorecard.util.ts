import { check } from '@keyscore/formula';
import { Bilingual, ScoringIssue, pointer, text } from './bilingual';
import type { KpiDefinition, ScoringRule, TargetRule } from './kpi.schema';
import {
  AccountOverride,
  DEFAULT_RATING_BANDS,
  RatingBand,
  ScorecardTemplate,
  TemplateEntry,
} from './template.schema';
import { validateRule } from './validate-kpis.util';

export interface ResolvedWindow {
  readonly periods: number;
  readonly aggregate: 'average' | 'sum' | 'last';
}

/** One KPI of an effective scorecard, with every inherited or overridden setting applied. */
export interface ResolvedEntry {
  readonly kpi: KpiDefinition;
  readonly weight: number;
  readonly target: TargetRule;
  readonly scoring: ScoringRule;
  readonly window: ResolvedWindow | null;
  /** Which document set the entry last: a template key, or `account:<code>`. */
  readonly setBy: string;
}

export interface DefinitionRef {
  readonly key: string;
  readonly version: number;
}

/** The scorecard that actually scores an account: its template chain flattened, overrides applied. */
export interface ResolvedScorecard {
  readonly template: DefinitionRef;
  /** Base first, then each child: the pinned versions the result depends on. */
  readonly chain: readonly DefinitionRef[];
  readonly account: string | null;
  readonly accountType: string;
  readonly name: Bilingual;
  readonly entries: readonly ResolvedEntry[];
  /** KPIs that entries refer to through `@key` (transitively) but that the scorecard does not weigh. */
  readonly references: readonly KpiDefinition[];
  readonly ratingBands: readonly RatingBand[];
  readonly horizonBalance: { readonly long: number; readonly tolerance: number } | null;
  /** Percent (0–100) of the score deferred to the next cycle. */
  readonly deferralShare: number;
}

export interface ResolveResult {
  /** Null when the scorecard cannot be built at all (unknown template, inheritance cycle, unknown KPI). */
  readonly scorecard: ResolvedScorecard | null;
  /** Every problem found; a scorecard with issues must not be published or used to score. */
  readonly issues: ScoringIssue[];
}

export interface ResolveOptions {
  readonly templates: readonly ScorecardTemplate[] | ReadonlyMap<string, ScorecardTemplate>;
  readonly kpis: readonly KpiDefinition[] | ReadonlyMap<string, KpiDefinition>;
  readonly override?: AccountOverride;
}

const WEIGHT_EPSILON = 1e-9;

interface Draft {
  kpi: string;
  weight: number | undefined;
  target: TargetRule | undefined;
  scoring: ScoringRule | undefined;
  window: TemplateEntry['window'];
  setBy: string;
  /** Where the entry was last touched, for pointers. */
  doc: string;
  at: string;
}

function toMap<T extends { key: string }>(
  items: readonly T[] | ReadonlyMap<string, T>,
): ReadonlyMap<string, T> {
  return items instanceof Map ? items : new Map((items as readonly T[]).map((t) => [t.key, t]));
}

/**
 * Flattens a template's inheritance chain (base first; a child's entry replaces the fields it gives,
 * `remove` drops base KPIs) and applies an account override the same way, then checks the result:
 * every KPI known, weights summing to 100, the horizon balance, rating bands and rules.
 * Issue pointers are relative to the document named at the start of the message's `document`.
 */
export function resolveScorecard(
  templateKey: string,
  options: ResolveOptions,
): ResolveResult & {
  readonly issues: (ScoringIssue & { readonly document: string })[];
} {
  const templates = toMap(options.templates);
  const kpis = toMap(options.kpis);
  const override = options.override;
  const issues: (ScoringIssue & { document: string })[] = [];
  const leafKey = override?.template ?? templateKey;
  const leafDoc = override ? `account:${override.account}` : `template:${leafKey}`;

  // Walk up the chain, refusing unknown bases and cycles.
  const chain: ScorecardTemplate[] = [];
  const visiting = new Set<string>();
  let key: string | undefined = leafKey;
  let from = override ? { doc: leafDoc, at: '/template' } : { doc: '', at: '' };
  while (key !== undefined) {
    const t = templates.get(key);
    if (!t) {
      issues.push({
        document: from.doc || `template:${key}`,
        pointer: from.at,
        message: text('未知的考核模板 {key}', 'Unknown scorecard template {key}', { key }),
      });
      return { scorecard: null, issues };
    }
    if (visiting.has(key)) {
      const path = [...chain.map((c) => c.key).reverse(), key].join(' → ');
      issues.push({
        document: `template:${key}`,
        pointer: '/extends',
        message: text('模板继承存在循环：{path}', 'Template inheritance forms a cycle: {path}', { path }),
      });
      return { scorecard: null, issues };
    }
    visiting.add(key);
    chain.unshift(t);
    from = { doc: `template:${key}`, at: '/extends' };
    key = t.extends;
  }

  const drafts: Draft[] = [];
  const apply = (
    doc: string,
    setBy: string,
    entries: readonly TemplateEntry[] | undefined,
    remove: readonly string[] | undefined,
  ): void => {
    (remove ?? []).forEach((k, i) => {
      const at = drafts.findIndex((d) => d.kpi === k);
      if (at < 0) {
        issues.push({
          document: doc,
          pointer: pointer('remove', i),
          message: text(
            '要移除的指标 {kpi} 不在基础模板中',
            'Cannot remove {kpi}: the base template does not have it',
            {
              kpi: k,
            },
          ),
        });
      } else drafts.splice(at, 1);
    });
    (entries ?? []).forEach((e, i) => {
      const existing = drafts.find((d) => d.kpi === e.kpi);
      if (existing) {
        if (existing.doc === doc) {
          issues.push({
            document: doc,
            pointer: pointer('entries', i, 'kpi'),
            message: text('指标 {kpi} 在同一文档中出现两次', 'KPI {kpi} appears twice in the same document', {
              kpi: e.kpi,
            }),
          });
        }
        existing.weight = e.weight ?? existing.weight;
        existing.target = e.target ?? existing.target;
        existing.scoring = e.scoring ?? existing.scoring;
        existing.window = e.window ?? existing.window;
        existing.setBy = setBy;
        existing.doc = doc;
        existing.at = pointer('entries', i);
      } else {
        drafts.push({
          kpi: e.kpi,
          weight: e.weight,
          target: e.target,
          scoring: e.scoring,
          window: e.window,
          setBy,
          doc,
          at: pointer('entries', i),
        });
      }
    });
  };
  for (const t of chain) apply(`template:${t.key}`, t.key, t.entries, t.remove);
  if (override) apply(leafDoc, `account:${override.account}`, override.entries, override.remove);

  const leaf = chain[chain.length - 1];
  const inherit = <K extends keyof ScorecardTemplate>(k: K): ScorecardTemplate[K] | undefined => {
    for (let i = chain.length - 1; i >= 0; i--) if (chain[i][k] !== undefined) return chain[i][k];
    return undefined;
  };

  const entries: ResolvedEntry[] = [];
  let known = true;
  for (const d of drafts) {
    const kpi = kpis.get(d.kpi);
    if (!kpi) {
      known = false;
      issues.push({
        document: d.doc,
        pointer: d.at + '/kpi',
        message: text('未知的指标 {kpi}', 'Unknown KPI {kpi}', { kpi: d.kpi }),
      });
      continue;
    }
    if (d.weight === undefined) {
      issues.push({
        document: d.doc,
        pointer: d.at + '/weight',
        message: text('指标 {kpi} 缺少权重', 'KPI {kpi} has no weight', { kpi: d.kpi }),
      });
    }
    const scoring = d.scoring ?? kpi.scoring;
    if (d.scoring) {
      for (const issue of validateRule(scoring, kpi.direction, d.at + '/scoring')) {
        issues.push({ ...issue, document: d.doc });
      }
    }
    const w = d.window ?? kpi.window;
    entries.push({
      kpi,
      weight: d.weight ?? 0,
      target: d.target ?? kpi.target,
      scoring,
      window: w ? { periods: w.periods, aggregate: w.aggregate ?? 'average' } : null,
      setBy: d.setBy,
    });
  }
  if (!known) return { scorecard: null, issues };

  // KPIs reached through @references, transitively, so a scorecard carries every definition it pins.
  const inCard = new Set(entries.map((e) => e.kpi.key));
  const references: KpiDefinition[] = [];
  const todo = entries.map((e) => e.kpi);
  while (todo.length > 0) {
    const k = todo.pop() as KpiDefinition;
    for (const ref of check(k.formula).dependencies.formulas) {
      if (inCard.has(ref)) continue;
      const def = kpis.get(ref);
      if (!def) {
        issues.push({
          document: `kpi:${k.key}`,
          pointer: '/formula',
          message: text('公式引用了未知的指标 @{ref}', 'The formula refers to an unknown KPI @{ref}', {
            ref,
          }),
        });
        return { scorecard: null, issues };
      }
      inCard.add(ref);
      references.push(def);
      todo.push(def);
    }
  }
  references.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  // Weights: sum in a fixed order so the message is reproducible.
  const sum = entries.reduce((s, e) => s + e.weight, 0);
  if (Math.abs(sum - 100) > WEIGHT_EPSILON) {
    const parts = entries.map((e) => `${e.kpi.key} ${e.weight}`).join(' + ');
    issues.push({
      document: leafDoc,
      pointer: '/entries',
      message: text('权重合计为 {sum}，应为 100（{parts}）', 'Weights sum to {sum}, not 100 ({parts})', {
        sum: Number(sum.toFixed(6)),
        parts,
      }),
    });
  }

  const balance = inherit('horizonBalance');
  if (balance) {
    const long = entries.filter((e) => e.kpi.horizon === 'long').reduce((s, e) => s + e.weight, 0);
    const tolerance = balance.tolerance ?? 0;
    if (Math.abs(long - balance.long) > tolerance + WEIGHT_EPSILON) {
      issues.push({
        document: leafDoc,
        pointer: '/horizonBalance',
        message: text(
          '长期指标权重为 {long}，应为 {want}（允许偏差 {tol}）',
          'Long-horizon KPIs weigh {long}, the balance asks for {want} (± {tol})',
          { long: Number(long.toFixed(6)), want: balance.long, tol: tolerance },
        ),
      });
    }
  }

  const bands = inherit('ratingBands') ?? DEFAULT_RATING_BANDS;
  for (let i = 1; i < bands.length; i++) {
    if (!(bands[i].min < bands[i - 1].min)) {
      issues.push({
        document: leafDoc,
        pointer: pointer('ratingBands', i, 'min'),
        message: text(
          '评级档位的下限必须从高到低严格递减',
          'Rating band minimums must strictly decrease, best first',
        ),
      });
    }
  }

  const scorecard: ResolvedScorecard = {
    template: { key: leaf.key, version: leaf.version ?? 1 },
    chain: chain.map((t) => ({ key: t.key, version: t.version ?? 1 })),
    account: override?.account ?? null,
    accountType: leaf.accountType,
    name: leaf.name,
    entries,
    references,
    ratingBands: bands,
    horizonBalance: balance ? { long: balance.long, tolerance: balance.tolerance ?? 0 } : null,
    deferralShare: inherit('deferral')?.share ?? 0,
  };
  return { scorecard, issues };
}
