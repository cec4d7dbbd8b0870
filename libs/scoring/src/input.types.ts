import type { Bilingual } from './bilingual';

/** The state of a metric value (the same words as @keyscore/persistence, which a pure lib must not import). */
export const VALUE_STATES = ['actual', 'estimated', 'pending', 'not_applicable', 'sealed'] as const;
export type ValueState = (typeof VALUE_STATES)[number];

export const VALUE_SOURCES = ['connector', 'import', 'survey', 'manual', 'rollup'] as const;
export type ValueSource = (typeof VALUE_SOURCES)[number];

/** One metric value of an account for one period, with its provenance. */
export interface MetricValue {
  readonly value: number | null;
  readonly state: ValueState;
  readonly source?: ValueSource;
  readonly sourceRecordIds?: readonly string[];
}

/** Metric key → value, for one period. */
export type PeriodMetrics = Readonly<Record<string, MetricValue>>;

export const ADJUSTMENT_KINDS = ['market_index', 'rebaseline', 'exemption'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/**
 * An adjustment for an external factor. `market_index`: the value is normalised by the index
 * (0.9 = the market shrank 10%: higher-is-better values are divided by it, lower-is-better multiplied);
 * `rebaseline`: the target is replaced by `target`; `exemption`: the KPI is left out like a not-applicable one.
 * Only `approved` adjustments count in `scoreAccount`; `whatIf` previews any.
 */
export interface Adjustment {
  readonly id: string;
  readonly kind: AdjustmentKind;
  readonly kpi: string;
  /** Restricts the adjustment to one period (e.g. '2026-Q2'); otherwise it applies to every scored period. */
  readonly period?: string;
  readonly index?: number;
  readonly target?: number;
  readonly reason: Bilingual | string;
  readonly requestedBy?: string;
  readonly approver?: string;
  readonly status: 'proposed' | 'approved' | 'rejected';
}

/** Everything the scorer needs about one account. Plain data; never mutated. */
export interface AccountInput {
  readonly account: string;
  /** The period to score: '2026-Q2', '2026-07' or '2026'. */
  readonly period: string;
  /** Period → metric values: the scored period plus the history that windows and growth targets read. */
  readonly metrics: Readonly<Record<string, PeriodMetrics>>;
  /** Per-account targets (KPI key → target) for KPIs whose target rule is `per_account`. */
  readonly targets?: Readonly<Record<string, number>>;
  /** Metric keys whose sealed values this scoring run is permitted to read. */
  readonly sealedAccess?: readonly string[];
  /** The share of last cycle's score that was deferred to this one (from its `deferral.deferredOut`). */
  readonly deferredIn?: number;
  readonly adjustments?: readonly Adjustment[];
}
