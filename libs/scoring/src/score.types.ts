import type { Bilingual } from './bilingual';
import type { AdjustmentKind, MetricValue, ValueState } from './input.types';
import type { KpiFamily, ScoringRule, TargetRule } from './kpi.schema';
import type { DefinitionRef, ResolvedWindow } from './resolve-scorecard.util';

/**
 * What happened to a KPI: `scored`; unknown (`pending`, `sealed`, `no_target`, `error`: they count in the
 * coverage denominator); or excluded (`not_applicable`, `exempt`: left out of the denominator entirely).
 */
export type KpiStatus = 'scored' | 'pending' | 'sealed' | 'no_target' | 'error' | 'not_applicable' | 'exempt';

export type Confidence = 'high' | 'medium' | 'low' | 'none';

/** An adjustment as it acted on a score. */
export interface AppliedAdjustment {
  readonly id: string;
  readonly kind: AdjustmentKind;
  readonly kpi: string;
  readonly reason: Bilingual | string;
  readonly approver: string | null;
  /** `preview` in a what-if: not approved, shown for its effect only. */
  readonly status: 'approved' | 'preview';
  readonly effect: {
    readonly on: 'value' | 'target' | 'inclusion';
    readonly from: number | null;
    readonly to: number | null;
  };
}

/** One period of a rolling window as it was read. */
export interface WindowEntry {
  readonly period: string;
  readonly value: number | null;
  readonly state: string;
}

/** A rolling window's periods, oldest first (its length and aggregate are in `KpiScoreDefinition.window`). */
export type WindowTrace = readonly WindowEntry[];

export interface TargetTrace {
  readonly rule: TargetRule;
  /** The target the rule gave, before any re-baselining. */
  readonly value: number | null;
  /** For growth targets: the same period last year. */
  readonly base?: { readonly period: string; readonly value: number | null };
}

/**
 * The constant part of a KPI's score within one prepared scorecard: what it is, how it is computed and
 * weighed. One frozen object per KPI of a `PreparedScorecard`, referenced by every `KpiScore` of that KPI
 * (not copied per score): compare by `kpi` (or by reference within one cycle).
 */
export interface KpiScoreDefinition {
  readonly kpi: string;
  readonly version: number;
  readonly name: Bilingual;
  readonly family: KpiFamily;
  readonly unit: string;
  readonly direction: 'higher' | 'lower';
  readonly horizon: 'short' | 'long';
  /** The weight in the scorecard (before re-normalisation). */
  readonly weight: number;
  readonly formula: string;
  /** Metric keys the formula reads, through `@references` too, sorted: the order of `KpiScore.inputs`. */
  readonly metrics: readonly string[];
  readonly rule: ScoringRule;
  readonly targetRule: TargetRule;
  /** The rolling window of a long-horizon KPI; null when the scored period's value counts alone. */
  readonly window: ResolvedWindow | null;
}

/**
 * One KPI's score with its trace, flat: the per-score facts here, the constant ones (name, formula, rule,
 * target rule, weight, unit, …) in the shared `definition`. Plain JSON.
 */
export interface KpiScore {
  readonly kpi: string;
  /** Shared by every score of this KPI from the same prepared scorecard. */
  readonly definition: KpiScoreDefinition;
  readonly status: KpiStatus;
  /** The state of the value used: the worst of its inputs (and of the window's periods). */
  readonly valueState: ValueState | null;
  /** The KPI value after adjustments, unrounded. */
  readonly value: number | null;
  /** The target after re-baselining. */
  readonly target: number | null;
  /** 0–cap, rounded to 2 decimals; null unless scored. */
  readonly score: number | null;
  /** The weight after re-normalisation over the known KPIs, in percent (2 decimals); 0 unless scored. */
  readonly effectiveWeight: number;
  /** score × effectiveWeight / 100 (2 decimals): what this KPI adds to the total before gates. */
  readonly contribution: number;
  // The trace: why the KPI scored what it scored.
  /**
   * The scored period's inputs as given (value with state and source), in the order of
   * `definition.metrics`; null where there is no value at all.
   */
  readonly inputs: readonly (MetricValue | null)[];
  readonly window: WindowTrace | null;
  /** How the target came about (shared for fixed targets). */
  readonly targetTrace: TargetTrace;
  readonly adjustments: readonly AppliedAdjustment[];
  /** Why there is no score, or another remark. */
  readonly note: Bilingual | null;
}

export interface GateResult {
  readonly kpi: string;
  readonly status: 'passed' | 'breached' | 'unknown';
  readonly cap: number;
}

export interface DeferralResult {
  /** Percent of this cycle's score deferred. */
  readonly share: number;
  /** Moved to the next cycle (feed it to the next cycle's `deferredIn`). */
  readonly deferredOut: number;
  /** Released from the previous cycle. */
  readonly deferredIn: number;
  /** score − deferredOut + deferredIn: what counts for this cycle's reward. */
  readonly payable: number | null;
}

export interface AccountScore {
  readonly account: string;
  readonly period: string;
  readonly template: DefinitionRef;
  readonly chain: readonly DefinitionRef[];
  /** The weighted score after gates, 2 decimals; null when no KPI with weight could be scored. */
  readonly score: number | null;
  /** Before gate caps. */
  readonly rawScore: number | null;
  readonly rating: string | null;
  readonly ratingLabel: Bilingual | null;
  /** Known weight / applicable weight (not-applicable and exempt KPIs are out of both). */
  readonly coverage: number | null;
  readonly counts: { readonly scored: number; readonly applicable: number; readonly excluded: number };
  /** Share of the known weight resting on estimated values. */
  readonly estimatedShare: number;
  readonly confidence: Confidence;
  readonly gates: readonly GateResult[];
  readonly deferral: DeferralResult;
  readonly kpis: readonly KpiScore[];
  readonly trace: AccountTrace;
}

export interface AccountTrace {
  readonly renormalisation: {
    readonly knownWeight: number;
    readonly applicableWeight: number;
    readonly totalWeight: number;
    /** 100 / knownWeight: what each known weight was multiplied by. */
    readonly factor: number | null;
    readonly unknown: readonly string[];
    readonly excluded: readonly string[];
  };
  readonly adjustments: readonly AppliedAdjustment[];
  readonly ignoredAdjustments: readonly { readonly id: string; readonly why: Bilingual }[];
  readonly notes: readonly Bilingual[];
}
