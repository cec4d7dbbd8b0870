import { CompiledFormula, EvaluationContext, compile, isReservedName } from '@keyscore/formula';
import type { KpiDefinition } from './kpi.schema';
import type { ResolvedEntry, ResolvedScorecard } from './resolve-scorecard.util';
import { ruleNeedsTarget } from './score-rule.util';
import type { GateResult, KpiScoreDefinition, TargetTrace } from './score.types';

/** One KPI of a prepared scorecard: formulas compiled once, dependencies worked out once. */
export interface PreparedKpi {
  readonly index: number;
  readonly key: string;
  readonly entry: ResolvedEntry;
  readonly formula: CompiledFormula;
  /** Metric keys the value depends on, through `@references` too, in a fixed (sorted) order. */
  readonly metrics: readonly string[];
  /** The position of each of `metrics` in the scorecard's `metricKeys`. */
  readonly metricIndex: readonly number[];
  /** The KPI's constant part, shared by every score of it. */
  readonly definition: KpiScoreDefinition;
  /** Only set when the formula refers to other KPIs (building a context costs an allocation per call). */
  readonly context: EvaluationContext | undefined;
  readonly ruleFormula: CompiledFormula | null;
  readonly needsTarget: boolean;
  readonly needsPrior: boolean;
  readonly needsPrevious: boolean;
  readonly lower: boolean;
  /** The target trace when it is the same for every account (fixed targets), shared rather than rebuilt. */
  readonly targetTrace: TargetTrace;
  /** When the formula is just one metric (`revenue`): that metric's position in `metricKeys`, else -1. */
  readonly fieldColumn: number;
  /** Among the KPIs with a rolling window, this one's position (-1 without a window). */
  readonly windowSlot: number;
  /** For a gate KPI: its three possible results, shared by every score rather than built per score. */
  readonly gateResults: GateResults | null;
}

export interface GateResults {
  readonly passed: GateResult;
  readonly breached: GateResult;
  readonly unknown: GateResult;
}

function gateResults(kpi: string, cap: number): GateResults {
  const make = (status: GateResult['status']): GateResult => Object.freeze({ kpi, status, cap });
  return Object.freeze({ passed: make('passed'), breached: make('breached'), unknown: make('unknown') });
}

/** A resolved scorecard made ready to score many accounts: prepare once per cycle, score many times. */
export interface PreparedScorecard {
  readonly scorecard: ResolvedScorecard;
  readonly kpis: readonly PreparedKpi[];
  /** Every metric any KPI reads, sorted: the fields of the row each period's formulas see. */
  readonly metricKeys: readonly string[];
  /** Metric key → its position in `metricKeys`. */
  readonly metricColumn: ReadonlyMap<string, number>;
  /** How many KPIs have a rolling window of more than one period. */
  readonly windowed: number;
  /**
   * @internal Per metric of `metricKeys`: 1 when a KPI reads it in periods other than the scored one (its
   * rolling window, or last year's value for a growth target or a custom rule), else 0. The batch path
   * reads only these metrics in the history periods.
   */
  readonly historyColumns: Uint8Array;
  /**
   * @internal The row formulas read, shared by every evaluation (scoring is synchronous): each evaluation
   * writes the metrics its formula depends on first. Created with every key so its shape never changes.
   */
  readonly row: Record<string, number | null>;
}

/** Compiles every formula of a scorecard once (through the formula engine's cache). */
export function prepareScorecard(scorecard: ResolvedScorecard): PreparedScorecard {
  const defs = new Map<string, KpiDefinition>();
  for (const e of scorecard.entries) defs.set(e.kpi.key, e.kpi);
  for (const r of scorecard.references) defs.set(r.key, r);
  const compiled = new Map<string, CompiledFormula>();
  for (const [key, def] of defs) compiled.set(key, compile(def.formula));

  const metricsOf = (key: string, seen: Set<string>, out: Set<string>): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const f = compiled.get(key);
    if (!f) return;
    for (const m of f.dependencies.fields) if (!isReservedName(m)) out.add(m);
    for (const r of f.dependencies.formulas) metricsOf(r, seen, out);
  };

  const deps = scorecard.entries.map((entry) => {
    const metrics = new Set<string>();
    metricsOf(entry.kpi.key, new Set(), metrics);
    return [...metrics].sort();
  });
  const metricKeys = [...new Set(deps.flat())].sort();
  let windowed = 0;
  const kpis = scorecard.entries.map((entry, index): PreparedKpi => {
    const key = entry.kpi.key;
    const def = entry.kpi;
    const formula = compiled.get(key) as CompiledFormula;
    const metrics = Object.freeze(deps[index]);
    const rule = entry.scoring;
    return {
      index,
      key,
      entry,
      formula,
      metrics,
      metricIndex: metrics.map((m) => metricKeys.indexOf(m)),
      definition: Object.freeze({
        kpi: key,
        version: def.version ?? 1,
        name: def.name,
        family: def.family,
        unit: def.unit,
        direction: def.direction,
        horizon: def.horizon,
        weight: entry.weight,
        formula: def.formula,
        metrics,
        rule,
        targetRule: entry.target,
        window: entry.window,
      }),
      context: formula.dependencies.formulas.length > 0 ? { formulas: compiled } : undefined,
      ruleFormula: rule.type === 'formula' ? compile(rule.formula) : null,
      needsTarget: ruleNeedsTarget(rule),
      needsPrior: entry.target.type === 'growth' || rule.type === 'formula',
      needsPrevious: rule.type === 'formula',
      lower: entry.kpi.direction === 'lower',
      targetTrace: Object.freeze({
        rule: entry.target,
        value: entry.target.type === 'fixed' ? entry.target.value : null,
      }),
      fieldColumn:
        formula.failure === null && formula.ast?.type === 'field' && metrics.length === 1
          ? metricKeys.indexOf(metrics[0])
          : -1,
      windowSlot: entry.window && entry.window.periods > 1 ? windowed++ : -1,
      gateResults: rule.type === 'gate' ? gateResults(key, rule.cap) : null,
    };
  });
  const row: Record<string, number | null> = {};
  for (const m of metricKeys) row[m] = null;
  const metricColumn = new Map(metricKeys.map((m, j) => [m, j]));
  const historyColumns = new Uint8Array(metricKeys.length);
  for (const k of kpis) if (readsHistory(k)) for (const j of k.metricIndex) historyColumns[j] = 1;
  return { scorecard, kpis, metricKeys, metricColumn, windowed, historyColumns, row };
}

/**
 * Whether the scorer reads a KPI's value in other periods than the scored one: the periods of its rolling
 * window, and the same period last year (and the previous period) for a growth target or a custom rule.
 */
function readsHistory(k: PreparedKpi): boolean {
  return k.windowSlot >= 0 || k.needsPrior || k.needsPrevious;
}
