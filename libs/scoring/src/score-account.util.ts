import { isError } from '@keyscore/formula';
import { Bilingual, text } from './bilingual';
import type { Adjustment, AccountInput, MetricValue, PeriodMetrics, ValueState } from './input.types';
import { samePeriodLastYear, shiftPeriod, windowPeriods } from './period.util';
import type { PreparedKpi, PreparedScorecard } from './prepare-scorecard.util';
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
  WindowTrace,
} from './score.types';
import { applyRule } from './score-rule.util';
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

/** A KPI's value for one period. */
interface PeriodValue {
  readonly value: number | null;
  /** 'error' when the formula gave an error value. */
  readonly state: ValueState | 'error';
  readonly error: Bilingual | null;
  readonly window: WindowTrace | null;
}

// State ranks: the worst input decides the KPI's state. A not-applicable input makes the KPI not applicable
// (it can never be computed); a sealed one hides it; a pending or missing one makes it pending.
const R_ACTUAL = 0;
const R_ESTIMATED = 1;
const R_PENDING = 2;
const R_SEALED = 3;
const R_NA = 4;
const RANK_STATE: readonly ValueState[] = ['actual', 'estimated', 'pending', 'sealed', 'not_applicable'];

const PENDING_VALUE: PeriodValue = { value: null, state: 'pending', error: null, window: null };
const SEALED_VALUE: PeriodValue = { value: null, state: 'sealed', error: null, window: null };
const NA_VALUE: PeriodValue = { value: null, state: 'not_applicable', error: null, window: null };

const EMPTY: PeriodMetrics = Object.freeze({});

/** Period arithmetic is string work; a cycle touches few distinct periods, so remember them. */
const periodCache = new Map<string, string | null>();
function cachedPeriod(kind: 'prior' | 'previous', key: string): string | null {
  const k = kind + key;
  let v = periodCache.get(k);
  if (v === undefined) {
    v = kind === 'prior' ? samePeriodLastYear(key) : shiftPeriod(key, 1);
    if (periodCache.size > 10_000) periodCache.clear();
    periodCache.set(k, v);
  }
  return v;
}
const windowCache = new Map<string, readonly string[]>();
function cachedWindow(key: string, n: number): readonly string[] {
  const k = key + '|' + n;
  let v = windowCache.get(k);
  if (v === undefined) {
    v = windowPeriods(key, n);
    if (windowCache.size > 10_000) windowCache.clear();
    windowCache.set(k, v);
  }
  return v;
}

class PeriodSlot {
  row: Record<string, number | null> | null = null;
  readonly raw: (PeriodValue | undefined)[];
  readonly windowed: (PeriodValue | undefined)[];
  constructor(
    readonly metrics: PeriodMetrics,
    n: number,
  ) {
    this.raw = new Array<PeriodValue | undefined>(n);
    this.windowed = new Array<PeriodValue | undefined>(n);
  }
}

/** One account's scoring run: memoises KPI values per period so windows and targets share them. */
class Run {
  private readonly slots = new Map<string, PeriodSlot>();
  private readonly sealed: ReadonlySet<string> | null;

  constructor(
    private readonly prepared: PreparedScorecard,
    private readonly input: AccountInput,
  ) {
    this.sealed = input.sealedAccess && input.sealedAccess.length > 0 ? new Set(input.sealedAccess) : null;
  }

  slot(period: string): PeriodSlot {
    let s = this.slots.get(period);
    if (!s) {
      const m = Object.hasOwn(this.input.metrics, period) ? this.input.metrics[period] : EMPTY;
      s = new PeriodSlot(m, this.prepared.kpis.length);
      this.slots.set(period, s);
    }
    return s;
  }

  /** Whether a metric value may be read: known states with a number, sealed only when permitted. */
  usable(key: string, mv: MetricValue): boolean {
    if (mv.value === null || mv.value - mv.value !== 0) return false;
    const st = mv.state;
    return (
      st === 'actual' ||
      st === 'estimated' ||
      (st === 'sealed' && this.sealed !== null && this.sealed.has(key))
    );
  }

  private row(s: PeriodSlot): Record<string, number | null> {
    if (s.row) return s.row;
    const row: Record<string, number | null> = {};
    const m = s.metrics;
    for (const key in m) {
      if (!Object.hasOwn(m, key) || key === '__proto__') continue;
      const mv = m[key];
      row[key] = this.usable(key, mv) ? mv.value : null;
    }
    s.row = row;
    return row;
  }

  /** The KPI's value from its formula over one period's metrics. */
  raw(k: PreparedKpi, period: string): PeriodValue {
    const s = this.slot(period);
    const memo = s.raw[k.index];
    if (memo) return memo;
    let rank = R_ACTUAL;
    const deps = k.metrics;
    const m = s.metrics;
    for (let i = 0; i < deps.length; i++) {
      const key = deps[i];
      const mv = Object.hasOwn(m, key) ? m[key] : undefined;
      let r: number;
      if (mv === undefined) r = R_PENDING;
      else if (mv.state === 'not_applicable') r = R_NA;
      else if (mv.state === 'sealed') r = this.usable(key, mv) ? R_ACTUAL : R_SEALED;
      else if (mv.state === 'pending' || !this.usable(key, mv)) r = R_PENDING;
      else r = mv.state === 'estimated' ? R_ESTIMATED : R_ACTUAL;
      if (r > rank) rank = r;
    }
    let out: PeriodValue;
    if (rank >= R_PENDING) {
      out = rank === R_NA ? NA_VALUE : rank === R_SEALED ? SEALED_VALUE : PENDING_VALUE;
    } else {
      const v = k.formula.evaluate(this.row(s), k.context);
      if (typeof v === 'number') {
        out = { value: v, state: RANK_STATE[rank], error: null, window: null };
      } else {
        const code = isError(v) ? v.code : typeof v;
        out = {
          value: null,
          state: 'error',
          error: text('指标公式结果为 {code}，不是数字', 'The KPI formula gave {code}, not a number', {
            code,
          }),
          window: null,
        };
      }
    }
    s.raw[k.index] = out;
    return out;
  }

  /** The value that scores: the raw value, or its rolling window for long-horizon KPIs. */
  value(k: PreparedKpi, period: string): PeriodValue {
    const w = k.entry.window;
    if (!w || w.periods <= 1) return this.raw(k, period);
    const s = this.slot(period);
    const memo = s.windowed[k.index];
    if (memo) return memo;
    const periods = cachedWindow(period, w.periods);
    const values: { period: string; value: number | null; state: string }[] = [];
    let sum = 0;
    let known = 0;
    let last: number | null = null;
    let rank = R_ACTUAL;
    let worstUnknown: PeriodValue = PENDING_VALUE;
    for (const p of periods) {
      const v = this.raw(k, p);
      values.push({ period: p, value: v.value, state: v.state });
      if (v.value !== null) {
        sum += v.value;
        known++;
        last = v.value;
        if (v.state === 'estimated') rank = R_ESTIMATED;
      } else if (p === period) worstUnknown = v;
    }
    const trace: WindowTrace = { periods: w.periods, aggregate: w.aggregate, values };
    let out: PeriodValue;
    const current = this.raw(k, period);
    if (current.state === 'not_applicable') out = { ...NA_VALUE, window: trace };
    else if (known === 0 || (w.aggregate === 'sum' && known < periods.length)) {
      // A sum over a window with a gap would be a silent zero; an average or last over known periods is not.
      out = { ...worstUnknown, window: trace };
    } else {
      // Fewer periods than the window asks for make the value an estimate.
      if (known < periods.length) rank = R_ESTIMATED;
      const value = w.aggregate === 'sum' ? sum : w.aggregate === 'last' ? last : sum / known;
      out = { value, state: RANK_STATE[rank], error: null, window: trace };
    }
    s.windowed[k.index] = out;
    return out;
  }
}

interface AdjustmentPlan {
  readonly byKpi: ReadonlyMap<string, readonly { adj: Adjustment; preview: boolean }[]>;
  readonly ignored: { id: string; why: Bilingual }[];
}

const NO_ADJUSTMENTS: AdjustmentPlan = { byKpi: new Map(), ignored: [] };

function planAdjustments(input: AccountInput, preview: readonly Adjustment[] | undefined): AdjustmentPlan {
  const approved = input.adjustments ?? [];
  if (approved.length === 0 && (!preview || preview.length === 0)) return NO_ADJUSTMENTS;
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
const EXCLUDED: ReadonlySet<KpiStatus> = new Set<KpiStatus>(['not_applicable', 'exempt']);

/** Scores one account for `input.period`. Pure: reads `input`, never changes it. */
export function scoreAccount(
  prepared: PreparedScorecard,
  input: AccountInput,
  options: ScoreOptions = {},
): AccountScore {
  return scoreWith(prepared, input, input.period, new Run(prepared, input), options);
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

function scoreWith(
  prepared: PreparedScorecard,
  input: AccountInput,
  period: string,
  run: Run,
  options: ScoreOptions,
): AccountScore {
  const card = prepared.scorecard;
  const plan = planAdjustments(input, options.preview);
  const accountAdjustments: AppliedAdjustment[] = [];
  const n = prepared.kpis.length;

  // First pass: value, target and rule per KPI (scores unrounded).
  const status = new Array<KpiStatus>(n);
  const raw = new Float64Array(n);
  const partial: Omit<KpiScore, 'score' | 'effectiveWeight' | 'contribution' | 'status'>[] = new Array(n);
  const gates: GateResult[] = [];
  let knownWeight = 0;
  let applicableWeight = 0;
  let totalWeight = 0;
  let estimatedWeight = 0;
  let gateCap = Infinity;
  let gateUnknown = false;

  for (let i = 0; i < n; i++) {
    const k = prepared.kpis[i];
    const e = k.entry;
    const def = e.kpi;
    totalWeight += e.weight;
    const adjs = plan.byKpi.get(k.key);
    let kpiAdjustments: AppliedAdjustment[] | null = null;

    const pv = run.value(k, period);
    let st: KpiStatus;
    let value = pv.value;
    let target: number | null = null;
    let targetTrace: TargetTrace = { rule: e.target, value: null };
    let why: Bilingual | null = pv.error;
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
    } else if (pv.state === 'not_applicable') {
      st = 'not_applicable';
    } else if (value === null) {
      st = pv.state === 'sealed' ? 'sealed' : pv.state === 'error' ? 'error' : 'pending';
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
        const own = input.targets && Object.hasOwn(input.targets, k.key) ? input.targets[k.key] : undefined;
        target = own ?? t.default ?? null;
      } else {
        const basePeriod = cachedPeriod('prior', period);
        const base = basePeriod ? run.value(k, basePeriod).value : null;
        target = base === null ? null : base + Math.abs(base) * t.rate;
        targetTrace = { rule: t, value: target, base: { period: basePeriod ?? '', value: base } };
      }
      if (t.type !== 'growth') targetTrace = { rule: t, value: target };
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
        why =
          t.type === 'growth'
            ? text(
                '去年同期没有数值，无法确定增长目标',
                'No value for the same period last year, so no growth target',
              )
            : text('该客户没有设定目标', 'No target set for this account');
      } else {
        let prior: number | null = null;
        let previous: number | null = null;
        if (k.needsPrevious) {
          const pp = cachedPeriod('prior', period);
          prior = pp ? run.value(k, pp).value : null;
          const pr = cachedPeriod('previous', period);
          previous = pr ? run.value(k, pr).value : null;
        }
        const out = applyRule(e.scoring, value as number, target, def.direction, k.ruleFormula, {
          prior,
          previous,
        });
        if (out.score === null) {
          st = 'error';
          why = out.error;
        } else {
          st = 'scored';
          score = out.score;
          if (e.scoring.type === 'gate') {
            gates.push({ kpi: k.key, status: out.breach ? 'breached' : 'passed', cap: e.scoring.cap });
            if (out.breach && e.scoring.cap < gateCap) gateCap = e.scoring.cap;
          }
        }
      }
    }
    if (e.scoring.type === 'gate' && st !== 'scored' && !EXCLUDED.has(st)) {
      gates.push({ kpi: k.key, status: 'unknown', cap: e.scoring.cap });
      gateUnknown = true;
    }

    status[i] = st;
    raw[i] = score;
    if (!EXCLUDED.has(st)) {
      applicableWeight += e.weight;
      if (st === 'scored') {
        knownWeight += e.weight;
        if (pv.state === 'estimated') estimatedWeight += e.weight;
      }
    }
    const inputs: Record<string, MetricValue | null> = {};
    const slot = run.slot(period).metrics;
    for (const m of k.metrics) inputs[m] = Object.hasOwn(slot, m) ? slot[m] : null;
    partial[i] = {
      kpi: k.key,
      version: def.version ?? 1,
      name: def.name,
      family: def.family,
      unit: def.unit,
      horizon: def.horizon,
      valueState: pv.state === 'error' ? null : pv.state,
      value,
      target,
      weight: e.weight,
      trace: {
        formula: def.formula,
        inputs,
        window: pv.window,
        target: targetTrace,
        rule: e.scoring,
        adjustments: kpiAdjustments ?? NO_APPLIED,
        note: why,
      },
    };
  }

  // Second pass: re-normalise weights over the known KPIs; a gap is never a zero.
  const factor = knownWeight > 0 ? 100 / knownWeight : null;
  let total = 0;
  const kpis = new Array<KpiScore>(n);
  const unknown: string[] = [];
  const excluded: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = partial[i];
    const st = status[i];
    let scoreOut: number | null = null;
    let ew = 0;
    let contribution = 0;
    if (st === 'scored') {
      scoreOut = roundTo(raw[i]);
      if (factor !== null) {
        ew = p.weight * factor;
        contribution = (raw[i] * ew) / 100;
        total += contribution;
      }
    } else if (EXCLUDED.has(st)) excluded.push(p.kpi);
    else unknown.push(p.kpi);
    kpis[i] = {
      kpi: p.kpi,
      version: p.version,
      name: p.name,
      family: p.family,
      unit: p.unit,
      horizon: p.horizon,
      status: st,
      valueState: p.valueState,
      value: p.value,
      target: p.target,
      score: scoreOut,
      weight: p.weight,
      effectiveWeight: roundTo(ew),
      contribution: roundTo(contribution),
      trace: p.trace,
    };
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
  const notes: Bilingual[] = [];
  if (capped !== null && rawScore !== null && capped < rawScore) {
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
    notes.push(
      text(
        '已知指标权重 {known}/{all}，已按已知指标重新归一化权重',
        'Known KPIs carry {known} of {all} weight; weights were re-normalised over them',
        { known: roundTo(knownWeight, 4), all: roundTo(applicableWeight, 4) },
      ),
    );
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
      scored: n - unknown.length - excluded.length,
      applicable: n - excluded.length,
      excluded: excluded.length,
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
