import {
  BatchValues,
  R_ACTUAL,
  R_ERROR,
  R_ESTIMATED,
  R_NA,
  R_PENDING,
  R_SEALED,
  computeBatchValues,
  releaseBatchValues,
  resultCode,
} from './batch-values.util';
import { Bilingual, text } from './bilingual';
import type { Adjustment, AccountInput, MetricValue, PeriodMetrics, ValueState } from './input.types';
import type { TargetRule } from './kpi.schema';
import { samePeriodLastYear, shiftPeriod, windowPeriods } from './period.util';
import type { GateResults, PreparedKpi, PreparedScorecard } from './prepare-scorecard.util';
import { ratingFor } from './rating.util';
import { roundTo } from './round.util';
import type {
  AccountScore,
  AppliedAdjustment,
  Confidence,
  GateResult,
  KpiScore,
  KpiStatus,
  TargetTrace,
  WindowEntry,
  WindowTrace,
} from './score.types';
import { applyRuleInto, mutableOutcome } from './score-rule.util';
import { validateAdjustment } from './validate-adjustment.util';

export interface ConfidenceThresholds {
  /** High needs coverage at least this (default 0.9) and estimated share at most `highEstimated` (0.25). */
  readonly highCoverage: number;
  readonly highEstimated: number;
  /** Low below this coverage (default 0.6) or above this estimated share (0.5). */
  readonly lowCoverage: number;
  readonly lowEstimated: number;
}

export const DEFAULT_CONFIDENCE: ConfidenceThresholds = {
  highCoverage: 0.9,
  highEstimated: 0.25,
  lowCoverage: 0.6,
  lowEstimated: 0.5,
};

export interface ScoreOptions {
  readonly confidence?: Partial<ConfidenceThresholds>;
  /** Applied as if approved, marked `preview` in the trace: what `whatIf` uses. */
  readonly preview?: readonly Adjustment[];
}

// State codes, ranked: the worst input decides the KPI's state. A not-applicable input makes the KPI not
// applicable (it can never be computed); a sealed one hides it; a pending or missing one makes it pending.
const NOT_YET = -1;
const RANK_STATE: readonly (ValueState | 'error')[] = [
  'actual',
  'estimated',
  'pending',
  'sealed',
  'not_applicable',
  'error',
];

const EMPTY: PeriodMetrics = Object.freeze({});

/** Window length → period → its window. Period arithmetic is string work; a cycle touches few periods. */
const windowCache = new Map<number, Map<string, readonly string[]>>();
function cachedWindow(key: string, n: number): readonly string[] {
  let byPeriod = windowCache.get(n);
  if (byPeriod === undefined) windowCache.set(n, (byPeriod = new Map()));
  let v = byPeriod.get(key);
  if (v === undefined) {
    v = Object.freeze(windowPeriods(key, n));
    if (byPeriod.size > 10_000) byPeriod.clear();
    byPeriod.set(key, v);
  }
  return v;
}
const neighbourCache = new Map<string, { readonly prior: string | null; readonly previous: string | null }>();
function neighbours(key: string): { readonly prior: string | null; readonly previous: string | null } {
  let v = neighbourCache.get(key);
  if (v === undefined) {
    v = { prior: samePeriodLastYear(key), previous: shiftPeriod(key, 1) };
    if (neighbourCache.size > 10_000) neighbourCache.clear();
    neighbourCache.set(key, v);
  }
  return v;
}

/**
 * Where a scorer reads KPI values: the value that scores (raw, or its rolling window), through
 * out-parameters so reading a value allocates nothing. `Run` evaluates row by row (the straightforward
 * path); `BatchRun` reads values the columnar evaluator computed for a whole batch (the fast path).
 */
abstract class ValueSource {
  outValue = 0;
  outError: Bilingual | null = null;
  outWindow: WindowTrace | null = null;
  /** Per KPI index: the account's per-account target trace, the same for every period it scores. */
  private targetTraces: (TargetTrace | undefined)[] | null = null;

  /** The per-account target of a KPI and its trace, built once per account. */
  perAccountTarget(k: PreparedKpi, targets: AccountInput['targets']): TargetTrace {
    const cache = (this.targetTraces ??= []);
    let t = cache[k.index];
    if (t === undefined) {
      const own = targets && Object.hasOwn(targets, k.key) ? targets[k.key] : undefined;
      const rule = k.entry.target as Extract<TargetRule, { type: 'per_account' }>;
      cache[k.index] = t = { rule, value: own ?? rule.default ?? null };
    }
    return t;
  }

  /** The KPI's formula over one period's metrics: a state code; the value in `outValue`. */
  abstract raw(k: PreparedKpi, period: string): number;

  /** The scored period's inputs of a KPI, in the order of its metrics. */
  abstract inputs(k: PreparedKpi, period: string): (MetricValue | null)[];

  /** One period of a window as the trace shows it (`raw` was just called for it). */
  protected entry(_k: PreparedKpi, period: string, state: number, value: number | null): WindowEntry {
    return { period, value, state: RANK_STATE[state] };
  }

  /**
   * The value that scores — the raw value, or its rolling window for long-horizon KPIs — as a state code,
   * with the value in `outValue`, an error in `outError` and the window (when `trace`) in `outWindow`.
   */
  value(k: PreparedKpi, period: string, trace = true): number {
    const w = k.entry.window;
    this.outWindow = null;
    if (!w || w.periods <= 1) return this.raw(k, period);
    const periods = cachedWindow(period, w.periods);
    const values: WindowEntry[] | null = trace ? new Array<WindowEntry>(periods.length) : null;
    let sum = 0;
    let known = 0;
    let last = 0;
    let rank = R_ACTUAL;
    let currentState = R_PENDING;
    let currentError: Bilingual | null = null;
    for (let i = 0; i < periods.length; i++) {
      const p = periods[i];
      const st = this.raw(k, p);
      const v = this.outValue;
      const known1 = st <= R_ESTIMATED;
      if (values !== null) values[i] = this.entry(k, p, st, known1 ? v : null);
      if (known1) {
        sum += v;
        known++;
        last = v;
        if (st === R_ESTIMATED) rank = R_ESTIMATED;
      }
      if (p === period) {
        currentState = st;
        currentError = this.outError;
      }
    }
    let value = 0;
    if (currentState === R_NA) rank = R_NA;
    else if (known === 0 || (w.aggregate === 'sum' && known < periods.length)) {
      // A sum over a window with a gap would be a silent zero; an average or last over known periods is not.
      rank = currentState <= R_ESTIMATED ? R_PENDING : currentState;
    } else {
      // Fewer periods than the window asks for make the value an estimate.
      if (known < periods.length) rank = R_ESTIMATED;
      value = w.aggregate === 'sum' ? sum : w.aggregate === 'last' ? last : sum / known;
    }
    this.outValue = value;
    this.outWindow = values;
    this.outError = rank === R_ERROR ? currentError : null;
    return rank;
  }

  /** The value of a KPI in another period (prior year, previous period), or null when unknown. */
  valueIn(k: PreparedKpi, period: string | null): number | null {
    if (period === null) return null;
    return this.value(k, period, false) <= R_ESTIMATED ? this.outValue : null;
  }
}

/** One period of one account with its memoised raw KPI values: [states | values]. */
class PeriodSlot {
  readonly memo: number[];
  errors: (Bilingual | null)[] | null = null;
  constructor(
    readonly metrics: PeriodMetrics,
    n: number,
  ) {
    const memo = new Array<number>(2 * n);
    for (let i = 0; i < n; i++) {
      memo[i] = NOT_YET;
      memo[n + i] = 0;
    }
    this.memo = memo;
  }
}

/** One account's scoring run, row by row: memoises KPI values per period so windows and targets share them. */
class Run extends ValueSource {
  private readonly slots = new Map<string, PeriodSlot>();
  private readonly sealed: ReadonlySet<string> | null;
  private readonly n: number;

  constructor(
    private readonly prepared: PreparedScorecard,
    private readonly input: AccountInput,
  ) {
    super();
    this.sealed = input.sealedAccess && input.sealedAccess.length > 0 ? new Set(input.sealedAccess) : null;
    this.n = prepared.kpis.length;
  }

  private slot(period: string): PeriodSlot {
    let s = this.slots.get(period);
    if (!s) {
      const m = Object.hasOwn(this.input.metrics, period) ? this.input.metrics[period] : EMPTY;
      s = new PeriodSlot(m, this.n);
      this.slots.set(period, s);
    }
    return s;
  }

  inputs(k: PreparedKpi, period: string): (MetricValue | null)[] {
    const m = this.slot(period).metrics;
    const deps = k.metrics;
    const out = new Array<MetricValue | null>(deps.length);
    for (let j = 0; j < deps.length; j++) {
      const mv = m[deps[j]];
      out[j] = typeof mv === 'object' && mv !== null ? mv : null;
    }
    return out;
  }

  raw(k: PreparedKpi, period: string): number {
    const s = this.slot(period);
    const i = k.index;
    const n = this.n;
    const memo = s.memo;
    const known = memo[i];
    if (known !== NOT_YET) {
      this.outValue = memo[n + i];
      this.outError = known === R_ERROR && s.errors ? s.errors[i] : null;
      return known;
    }
    // The row is shared by every evaluation of this scorecard (one object shape, no allocation); each
    // evaluation first writes all the metrics its formula can read, @references included.
    const row = this.prepared.row;
    let rank = R_ACTUAL;
    const deps = k.metrics;
    const m = s.metrics;
    for (let j = 0; j < deps.length; j++) {
      const key = deps[j];
      // Keys are metric names from the formula engine, which refuses __proto__ and friends; a plain read
      // is safe, and anything that is not a value object (an inherited method) counts as missing.
      const mv = m[key];
      let r: number;
      if (typeof mv !== 'object' || mv === null) r = R_PENDING;
      else {
        const st = mv.state;
        const v = mv.value;
        const number = v !== null && v - v === 0;
        if ((st === 'actual' || st === 'estimated') && number) {
          r = st === 'estimated' ? R_ESTIMATED : R_ACTUAL;
          row[key] = v;
        } else if (st === 'not_applicable') r = R_NA;
        else if (st === 'sealed' && number && this.sealed !== null && this.sealed.has(key)) {
          r = R_ACTUAL;
          row[key] = v;
        } else r = st === 'sealed' ? R_SEALED : R_PENDING;
      }
      if (r > rank) rank = r;
    }
    let value = 0;
    this.outError = null;
    if (rank < R_PENDING) {
      const v = k.formula.evaluate(row, k.context);
      if (typeof v === 'number') value = v;
      else {
        rank = R_ERROR;
        this.outError = formulaError(resultCode(v));
        (s.errors ??= new Array<Bilingual | null>(n).fill(null))[i] = this.outError;
      }
    }
    memo[i] = rank;
    memo[n + i] = value;
    this.outValue = value;
    return rank;
  }
}

/** What the accounts of one batch share: the columnar values and the window entries read so far. */
interface BatchContext {
  readonly prepared: PreparedScorecard;
  readonly values: BatchValues;
  /**
   * (row × windowed KPI) → the window entry of that row, created once and shared by every window that
   * reads it. Sized up front: a growing sparse array would turn into a slow dictionary.
   */
  readonly entries: (WindowEntry | undefined)[];
}

/** One account of a batch: reads the values the columnar evaluator computed (the fast path). */
class BatchRun extends ValueSource {
  private readonly rows: ReadonlyMap<string, number>;
  /** The row `raw` last read (-1: the period has no metrics and was evaluated row by row). */
  private lastRow = -1;
  private fallback: Run | null = null;
  /** The period last looked up and its row: most lookups are for the period being scored, again. */
  private cachedPeriod: string | null = null;
  private cachedRow: number | undefined = undefined;

  constructor(
    private readonly ctx: BatchContext,
    private readonly input: AccountInput,
    batchIndex: number,
  ) {
    super();
    this.rows = ctx.values.rowOf[batchIndex];
  }

  private rowOf(period: string): number | undefined {
    if (period !== this.cachedPeriod) {
      this.cachedPeriod = period;
      this.cachedRow = this.rows.get(period);
    }
    return this.cachedRow;
  }

  raw(k: PreparedKpi, period: string): number {
    const r = this.rowOf(period);
    if (r === undefined) {
      // A period without metrics (a constant formula still has a value there): evaluate it row by row.
      this.lastRow = -1;
      const fb = (this.fallback ??= new Run(this.ctx.prepared, this.input));
      const st = fb.raw(k, period);
      this.outValue = fb.outValue;
      this.outError = fb.outError;
      return st;
    }
    this.lastRow = r;
    const b = this.ctx.values;
    const i = k.index;
    const st = b.states[i][r];
    this.outValue = b.values[i][r];
    this.outError = st === R_ERROR ? formulaError(b.errors[i]?.get(r) ?? 'blank') : null;
    return st;
  }

  protected override entry(k: PreparedKpi, period: string, state: number, value: number | null): WindowEntry {
    const r = this.lastRow;
    if (r < 0) return { period, value, state: RANK_STATE[state] };
    const at = r * this.ctx.prepared.windowed + k.windowSlot;
    let e = this.ctx.entries[at];
    if (e === undefined) this.ctx.entries[at] = e = { period, value, state: RANK_STATE[state] };
    return e;
  }

  inputs(k: PreparedKpi, period: string): (MetricValue | null)[] {
    const r = this.rowOf(period);
    const idx = k.metricIndex;
    if (r === undefined) return new Array<MetricValue | null>(idx.length).fill(null);
    const refs = this.ctx.values.inputs;
    const base = r * this.ctx.prepared.metricKeys.length;
    // Most KPIs read one to three metrics: an array literal of that length is allocated inline, where
    // `new Array(length)` calls into the runtime and makes a holey array.
    switch (idx.length) {
      case 1:
        return [refs[base + idx[0]]];
      case 2:
        return [refs[base + idx[0]], refs[base + idx[1]]];
      case 3:
        return [refs[base + idx[0]], refs[base + idx[1]], refs[base + idx[2]]];
    }
    const out = new Array<MetricValue | null>(idx.length);
    for (let j = 0; j < idx.length; j++) out[j] = refs[base + idx[j]];
    return out;
  }
}

interface AdjustmentPlan {
  readonly byKpi: ReadonlyMap<string, readonly { adj: Adjustment; preview: boolean }[]>;
  readonly ignored: { id: string; why: Bilingual }[];
}

const NO_ADJUSTMENTS: AdjustmentPlan = { byKpi: new Map(), ignored: [] };

function planAdjustments(input: AccountInput, preview: readonly Adjustment[] | undefined): AdjustmentPlan {
  const approved = input.adjustments;
  if ((!approved || approved.length === 0) && (!preview || preview.length === 0)) return NO_ADJUSTMENTS;
  // A function of its own: its closure's context would otherwise be allocated on every call, even the
  // (usual) calls without any adjustment.
  return buildAdjustmentPlan(approved ?? [], preview);
}

function buildAdjustmentPlan(
  approved: readonly Adjustment[],
  preview: readonly Adjustment[] | undefined,
): AdjustmentPlan {
  const byKpi = new Map<string, { adj: Adjustment; preview: boolean }[]>();
  const ignored: { id: string; why: Bilingual }[] = [];
  const add = (adj: Adjustment, isPreview: boolean): void => {
    const issues = validateAdjustment(adj, { requireApproval: !isPreview });
    if (issues.length > 0) {
      ignored.push({ id: adj.id, why: issues[0].message });
      return;
    }
    let list = byKpi.get(adj.kpi);
    if (!list) byKpi.set(adj.kpi, (list = []));
    list.push({ adj, preview: isPreview });
  };
  for (const a of approved) {
    if (a.status === 'approved') add(a, false);
    else
      ignored.push({
        id: a.id,
        why: text('调整尚未批准（{status}）', 'The adjustment is not approved ({status})', {
          status: a.status,
        }),
      });
  }
  for (const a of preview ?? []) add(a, true);
  return { byKpi, ignored };
}

function applied(
  adj: Adjustment,
  preview: boolean,
  on: AppliedAdjustment['effect']['on'],
  from: number | null,
  to: number | null,
): AppliedAdjustment {
  return {
    id: adj.id,
    kind: adj.kind,
    kpi: adj.kpi,
    reason: adj.reason,
    approver: adj.approver ?? null,
    status: preview ? 'preview' : 'approved',
    effect: { on, from, to },
  };
}

const NO_APPLIED: readonly AppliedAdjustment[] = Object.freeze([]);
const NO_KEYS: readonly string[] = Object.freeze([]);
const NO_NOTES: readonly Bilingual[] = Object.freeze([]);
const OUTCOME = mutableOutcome();
/** Scratch space for an account-period's gate results (at most one per KPI). */
const GATES: GateResult[] = [];
let RAW: number[] = new Array<number>(32).fill(0);

/** known → all → the re-normalisation note: a cycle sees few distinct weight sums, so word each once. */
const renormalisedNotes = new Map<number, Map<number, Bilingual>>();
function renormalisedNote(known: number, all: number): Bilingual {
  let byAll = renormalisedNotes.get(known);
  if (byAll === undefined) {
    if (renormalisedNotes.size > 1000) renormalisedNotes.clear();
    renormalisedNotes.set(known, (byAll = new Map()));
  }
  let t = byAll.get(all);
  if (t === undefined) {
    t = Object.freeze(
      text(
        '已知指标权重 {known}/{all}，已按已知指标重新归一化权重',
        'Known KPIs carry {known} of {all} weight; weights were re-normalised over them',
        { known, all },
      ),
    );
    if (byAll.size > 1000) byAll.clear();
    byAll.set(all, t);
  }
  return t;
}

/** Scores one account for `input.period`. Pure: reads `input`, never changes it. */
export function scoreAccount(
  prepared: PreparedScorecard,
  input: AccountInput,
  options: ScoreOptions = {},
): AccountScore {
  return scoreWith(prepared, input, input.period, new Run(prepared, input), options);
}

/**
 * Scores many accounts for the same periods (null: each input's own `period`). Every KPI formula is
 * evaluated once over the whole batch by the columnar evaluator, so this is the fast path for a cycle;
 * the results equal `scoreAccountPeriods` for each input. Feed it batches of a few hundred accounts.
 */
export function scoreAccountsBatch(
  prepared: PreparedScorecard,
  inputs: readonly AccountInput[],
  periods: readonly string[] | null,
  options: ScoreOptions = {},
): AccountScore[][] {
  const values = computeBatchValues(prepared, inputs, periods);
  const ctx: BatchContext = {
    prepared,
    values,
    entries: new Array<WindowEntry | undefined>(values.rows * prepared.windowed).fill(undefined),
  };
  const out = new Array<AccountScore[]>(inputs.length);
  try {
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i];
      const run = new BatchRun(ctx, input, i);
      const ps = periods ?? [input.period];
      const scores = new Array<AccountScore>(ps.length);
      for (let j = 0; j < ps.length; j++) scores[j] = scoreWith(prepared, input, ps[j], run, options);
      out[i] = scores;
    }
  } finally {
    releaseBatchValues(values);
  }
  return out;
}

/**
 * Scores one account for several periods in one pass, sharing the per-period KPI values that rolling
 * windows and growth targets read again. Gives exactly what `scoreAccount` gives for each period.
 */
export function scoreAccountPeriods(
  prepared: PreparedScorecard,
  input: AccountInput,
  periods: readonly string[],
  options: ScoreOptions = {},
): AccountScore[] {
  const run = new Run(prepared, input);
  return periods.map((p) => scoreWith(prepared, input, p, run, options));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function scoreWith(
  prepared: PreparedScorecard,
  input: AccountInput,
  period: string,
  run: ValueSource,
  options: ScoreOptions,
): AccountScore {
  const card = prepared.scorecard;
  const plan = planAdjustments(input, options.preview);
  const anyAdjustments = plan.byKpi.size > 0;
  // Without adjustments nothing is ever added: every such score shares the one empty (frozen) list.
  const accountAdjustments = anyAdjustments ? [] : (NO_APPLIED as AppliedAdjustment[]);
  const n = prepared.kpis.length;
  const nb = neighbours(period);
  const outcome = OUTCOME;

  // First pass: value, target and rule per KPI; the KPI objects are completed in the second pass.
  const kpis = new Array<Mutable<KpiScore>>(n);
  // Unrounded KPI scores between the passes: scratch space, scoring is synchronous and not re-entrant.
  const raw = n <= RAW.length ? RAW : (RAW = new Array<number>(n).fill(0));
  // Gate results go to scratch space first: the result's list is then made at its exact length (a list
  // grown by push reserves 17 slots).
  const gateScratch = GATES;
  let gateCount = 0;
  let knownWeight = 0;
  let applicableWeight = 0;
  let totalWeight = 0;
  let estimatedWeight = 0;
  let gateCap = Infinity;
  let gateUnknown = false;
  let unknownCount = 0;
  let excludedCount = 0;

  for (let i = 0; i < n; i++) {
    const k = prepared.kpis[i];
    const e = k.entry;
    const def = e.kpi;
    totalWeight += e.weight;
    const adjs = anyAdjustments ? plan.byKpi.get(k.key) : undefined;
    let kpiAdjustments: AppliedAdjustment[] | null = null;

    const code = run.value(k, period);
    const window = run.outWindow;
    let why: Bilingual | null = run.outError;
    let value: number | null = code <= R_ESTIMATED ? run.outValue : null;
    let st: KpiStatus;
    let target: number | null = null;
    let targetTrace: TargetTrace = k.targetTrace;
    let score = 0;

    let exemptBy: { adj: Adjustment; preview: boolean } | undefined;
    if (adjs) for (const a of adjs) if (a.adj.kind === 'exemption' && appliesTo(a.adj, period)) exemptBy = a;

    if (exemptBy) {
      st = 'exempt';
      kpiAdjustments = note(
        kpiAdjustments,
        accountAdjustments,
        applied(exemptBy.adj, exemptBy.preview, 'inclusion', 1, 0),
      );
      const r = exemptBy.adj.reason;
      why = { 'zh-CN': `已豁免：${reasonText(r, 'zh-CN')}`, en: `Exempted: ${reasonText(r, 'en')}` };
    } else if (code === R_NA) {
      st = 'not_applicable';
    } else if (value === null) {
      st = code === R_SEALED ? 'sealed' : code === R_ERROR ? 'error' : 'pending';
      if (!why) why = st === 'sealed' ? SEALED_NOTE : PENDING_NOTE;
    } else {
      if (adjs) {
        for (const a of adjs) {
          if (a.adj.kind !== 'market_index' || !appliesTo(a.adj, period)) continue;
          const index = a.adj.index as number;
          const from: number = value as number;
          value = k.lower ? from * index : from / index;
          kpiAdjustments = note(
            kpiAdjustments,
            accountAdjustments,
            applied(a.adj, a.preview, 'value', from, value),
          );
        }
      }
      // Target per rule; a growth target reads the same (windowed) KPI a year earlier.
      const t = e.target;
      if (t.type === 'fixed') target = t.value;
      else if (t.type === 'per_account') {
        targetTrace = run.perAccountTarget(k, input.targets);
        target = targetTrace.value;
      } else {
        const basePeriod = nb.prior;
        const base = run.valueIn(k, basePeriod);
        target = base === null ? null : base + Math.abs(base) * t.rate;
        targetTrace = { rule: t, value: target, base: { period: basePeriod ?? '', value: base } };
      }
      if (adjs) {
        for (const a of adjs) {
          if (a.adj.kind !== 'rebaseline' || !appliesTo(a.adj, period)) continue;
          kpiAdjustments = note(
            kpiAdjustments,
            accountAdjustments,
            applied(a.adj, a.preview, 'target', target, a.adj.target as number),
          );
          target = a.adj.target as number;
        }
      }
      if (k.needsTarget && target === null) {
        st = 'no_target';
        why = t.type === 'growth' ? NO_BASE_NOTE : NO_TARGET_NOTE;
      } else {
        let prior: number | null = null;
        let previous: number | null = null;
        if (k.needsPrevious) {
          prior = run.valueIn(k, nb.prior);
          previous = run.valueIn(k, nb.previous);
        }
        const out = applyRuleInto(
          outcome,
          e.scoring,
          value as number,
          target,
          def.direction,
          k.ruleFormula,
          prior,
          previous,
        );
        if (!out.scored) {
          st = 'error';
          why = out.error;
        } else {
          st = 'scored';
          score = out.score;
          if (e.scoring.type === 'gate') {
            const g = k.gateResults as GateResults;
            gateScratch[gateCount++] = out.breach ? g.breached : g.passed;
            if (out.breach && e.scoring.cap < gateCap) gateCap = e.scoring.cap;
          }
        }
      }
    }
    if (e.scoring.type === 'gate' && st !== 'scored' && st !== 'not_applicable' && st !== 'exempt') {
      gateScratch[gateCount++] = (k.gateResults as GateResults).unknown;
      gateUnknown = true;
    }

    raw[i] = score;
    if (st === 'not_applicable' || st === 'exempt') excludedCount++;
    else {
      applicableWeight += e.weight;
      if (st === 'scored') {
        knownWeight += e.weight;
        if (code === R_ESTIMATED) estimatedWeight += e.weight;
      } else unknownCount++;
    }
    // One flat object per KPI score: the constant part is the shared definition; the inputs are the
    // value objects as they came, by reference.
    kpis[i] = {
      kpi: k.key,
      definition: k.definition,
      status: st,
      valueState: code === R_ERROR ? null : (RANK_STATE[code] as ValueState),
      value,
      target,
      score: null,
      effectiveWeight: 0,
      contribution: 0,
      inputs: run.inputs(k, period),
      window,
      targetTrace,
      adjustments: kpiAdjustments ?? NO_APPLIED,
      note: why,
    };
  }

  const gates = gateScratch.slice(0, gateCount);

  // Second pass: re-normalise weights over the known KPIs; a gap is never a zero.
  const factor = knownWeight > 0 ? 100 / knownWeight : null;
  let total = 0;
  const unknown: string[] = unknownCount === 0 ? (NO_KEYS as string[]) : new Array<string>(unknownCount);
  const excluded: string[] = excludedCount === 0 ? (NO_KEYS as string[]) : new Array<string>(excludedCount);
  let u = 0;
  let x = 0;
  for (let i = 0; i < n; i++) {
    const ks = kpis[i];
    const st = ks.status;
    if (st === 'scored') {
      ks.score = roundTo(raw[i]);
      if (factor !== null) {
        const ew = ks.definition.weight * factor;
        const contribution = (raw[i] * ew) / 100;
        total += contribution;
        ks.effectiveWeight = roundTo(ew);
        ks.contribution = roundTo(contribution);
      }
    } else if (st === 'not_applicable' || st === 'exempt') excluded[x++] = ks.kpi;
    else unknown[u++] = ks.kpi;
  }

  const rawScore = factor === null ? null : total;
  const capped = rawScore === null ? null : rawScore > gateCap ? gateCap : rawScore;
  const score = capped === null ? null : roundTo(capped);
  const coverage = applicableWeight > 0 ? knownWeight / applicableWeight : null;
  const estimatedShare = knownWeight > 0 ? estimatedWeight / knownWeight : 0;
  const band = score === null ? null : ratingFor(score, card.ratingBands);
  const share = card.deferralShare;
  const deferredIn = input.deferredIn ?? 0;
  const deferredOut = score === null ? 0 : roundTo((score * share) / 100);
  let notes: Bilingual[] = NO_NOTES as Bilingual[];
  if (capped !== null && rawScore !== null && capped < rawScore) {
    notes = [];
    notes.push(
      text(
        '合规门槛未通过：总分由 {raw} 封顶为 {cap}',
        'A gate was breached: the total {raw} is capped at {cap}',
        {
          raw: roundTo(rawScore),
          cap: gateCap,
        },
      ),
    );
  }
  if (coverage !== null && coverage < 1) {
    if (notes === NO_NOTES) notes = [];
    notes.push(renormalisedNote(roundTo(knownWeight, 4), roundTo(applicableWeight, 4)));
  }
  return {
    account: input.account,
    period,
    template: card.template,
    chain: card.chain,
    score,
    rawScore: rawScore === null ? null : roundTo(rawScore),
    rating: band ? band.rating : null,
    ratingLabel: band?.label ?? null,
    coverage,
    counts: {
      scored: n - unknownCount - excludedCount,
      applicable: n - excludedCount,
      excluded: excludedCount,
    },
    estimatedShare,
    confidence: confidenceOf(coverage, estimatedShare, gateUnknown, score === null, options.confidence),
    gates,
    deferral: {
      share,
      deferredOut,
      deferredIn,
      payable: score === null ? null : roundTo(score - deferredOut + deferredIn),
    },
    kpis,
    trace: {
      renormalisation: { knownWeight, applicableWeight, totalWeight, factor, unknown, excluded },
      adjustments: accountAdjustments,
      ignoredAdjustments: plan.ignored,
      notes,
    },
  };
}

function formulaError(code: string): Bilingual {
  return text('指标公式结果为 {code}，不是数字', 'The KPI formula gave {code}, not a number', { code });
}

/** Records an applied adjustment on the KPI and the account (the list is created on first use). */
function note(
  list: AppliedAdjustment[] | null,
  account: AppliedAdjustment[],
  a: AppliedAdjustment,
): AppliedAdjustment[] {
  account.push(a);
  const out = list ?? [];
  out.push(a);
  return out;
}

function appliesTo(adj: Adjustment, period: string): boolean {
  return adj.period === undefined || adj.period === period;
}

function reasonText(reason: Bilingual | string, locale: 'zh-CN' | 'en'): string {
  return typeof reason === 'string' ? reason : reason[locale];
}

const PENDING_NOTE = text(
  '数据待定或缺失，未计入，权重已重新归一化',
  'Data pending or missing: left out, weights re-normalised',
);
const NO_BASE_NOTE = text(
  '去年同期没有数值，无法确定增长目标',
  'No value for the same period last year, so no growth target',
);
const NO_TARGET_NOTE = text('该客户没有设定目标', 'No target set for this account');
const SEALED_NOTE = text(
  '数据已封存（保密），评分无权读取，未计入',
  'The data is sealed (confidential) and not readable by scoring: left out',
);

function confidenceOf(
  coverage: number | null,
  estimatedShare: number,
  gateUnknown: boolean,
  noScore: boolean,
  custom: Partial<ConfidenceThresholds> | undefined,
): Confidence {
  if (noScore || coverage === null) return 'none';
  const t = custom ? { ...DEFAULT_CONFIDENCE, ...custom } : DEFAULT_CONFIDENCE;
  if (coverage < t.lowCoverage || estimatedShare > t.lowEstimated) return 'low';
  // An unknown gate could hide a breach that would cap the total.
  if (coverage >= t.highCoverage && estimatedShare <= t.highEstimated && !gateUnknown) return 'high';
  return 'medium';
}
