import fc from 'fast-check';
import { BUILTIN_KPIS, BUILTIN_TEMPLATES } from './builtin';
import type { AccountInput, Adjustment, MetricValue, PeriodMetrics } from './input.types';
import { prepareScorecard, PreparedScorecard } from './prepare-scorecard.util';
import { resolveScorecard } from './resolve-scorecard.util';
import { scoreAccount, scoreAccountPeriods, scoreAccountsBatch } from './score-account.util';
import { card, kpi } from './test-support/fixtures';

/**
 * The fast path (`scoreAccountsBatch`: columnar formula values, row-major metric reads, shared window
 * entries) must give exactly what the straightforward path gives (`scoreAccount`, one account and one
 * period at a time, formulas evaluated row by row) — on any input, not only the hand-picked ones.
 */
const PERIODS = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'];
const SCORED = ['2026-Q1', '2026-Q2', '2026-Q3'];

const builtin = (key: string): PreparedScorecard =>
  prepareScorecard(resolveScorecard(key, { templates: BUILTIN_TEMPLATES, kpis: BUILTIN_KPIS }).scorecard!);

/** Windows of every aggregate, a growth target, a custom rule formula, an @reference and a constant. */
const custom = card(
  [
    kpi('revenue', {
      target: { type: 'growth', rate: 0.1 },
      scoring: { type: 'linear', floor: 0.5, stretch: 1.2, cap: 120, relative: true },
    }),
    kpi('margin', {
      formula: 'profit / revenue',
      target: { type: 'fixed', value: 0.2 },
      scoring: { type: 'linear', floor: 0, stretch: 0.4, cap: 120 },
    }),
    kpi('margin_pct', {
      formula: '@margin * 100',
      horizon: 'long',
      target: { type: 'per_account', default: 20 },
      scoring: {
        type: 'step',
        bands: [
          { threshold: 10, score: 50 },
          { threshold: 20, score: 100 },
        ],
      },
    }),
    kpi('orders', {
      horizon: 'long',
      scoring: {
        type: 'formula',
        formula: 'IF(ISBLANK(prior), value / 2, 100 + (value - prior) / 10)',
        cap: 130,
      },
    }),
    kpi('hours', {
      direction: 'lower',
      horizon: 'long',
      target: { type: 'fixed', value: 4 },
      scoring: { type: 'lower_is_better', ceiling: 24, stretch: 1, cap: 110 },
    }),
    kpi('breaches', { scoring: { type: 'gate', cap: 60 } }),
    kpi('constant', { formula: '80' }),
  ],
  [
    { kpi: 'revenue', weight: 20 },
    { kpi: 'margin', weight: 10 },
    { kpi: 'margin_pct', weight: 15, window: { periods: 3, aggregate: 'average' } },
    { kpi: 'orders', weight: 15, window: { periods: 2, aggregate: 'sum' } },
    { kpi: 'hours', weight: 20, window: { periods: 4, aggregate: 'last' } },
    { kpi: 'breaches', weight: 10 },
    { kpi: 'constant', weight: 10 },
  ],
);

const CARDS: readonly [string, PreparedScorecard][] = [
  ['custom', custom],
  ['multinational', builtin('multinational')],
  ['local_large_enterprise', builtin('local_large_enterprise')],
];

const valueArb: fc.Arbitrary<number | null> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2000 }).map((x) => x / 10) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(-5, 1e9, Number.NaN) },
);

const metricArb = (source: MetricValue['source']): fc.Arbitrary<MetricValue> =>
  fc.record({
    value: valueArb,
    state: fc.constantFrom('actual', 'actual', 'actual', 'estimated', 'pending', 'sealed', 'not_applicable'),
    source: fc.constant(source),
    sourceRecordIds: fc.constant(['rec']),
  });

function periodArb(keys: readonly string[]): fc.Arbitrary<PeriodMetrics> {
  const model: Record<string, fc.Arbitrary<MetricValue>> = {};
  for (const k of keys) model[k] = metricArb(k.length % 2 === 0 ? 'import' : 'connector');
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<PeriodMetrics>;
}

const adjustmentArb = (kpis: readonly string[]): fc.Arbitrary<Adjustment> =>
  fc
    .record({
      id: fc.integer({ min: 1, max: 99 }).map((i) => `adj-${i}`),
      kind: fc.constantFrom('market_index', 'rebaseline', 'exemption'),
      kpi: fc.constantFrom(...kpis),
      period: fc.option(fc.constantFrom(...SCORED), { nil: undefined }),
      index: fc.constantFrom(0.8, 0.9, 1.1),
      target: fc.constantFrom(50, 0.3, 120),
      approver: fc.constantFrom('head', 'head', 'req'),
      status: fc.constantFrom('approved', 'approved', 'proposed'),
    })
    .map((a) => ({ ...a, reason: 'market', requestedBy: 'req' }) as Adjustment);

function accountArb(prepared: PreparedScorecard): fc.Arbitrary<AccountInput> {
  const keys = prepared.metricKeys;
  const kpis = prepared.kpis.map((k) => k.key);
  const byPeriod: Record<string, fc.Arbitrary<PeriodMetrics>> = {};
  for (const p of PERIODS) byPeriod[p] = periodArb(keys);
  return fc.record({
    account: fc.constantFrom('A', 'B'),
    period: fc.constantFrom(...SCORED),
    metrics: fc.record(byPeriod, { requiredKeys: [] }),
    targets: fc.option(fc.dictionary(fc.constantFrom(...kpis), fc.constantFrom(0, 15, 40, 1000)), {
      nil: undefined,
    }),
    sealedAccess: fc.option(fc.subarray([...keys]), { nil: undefined }),
    deferredIn: fc.option(fc.constantFrom(0, 2.5), { nil: undefined }),
    adjustments: fc.option(fc.array(adjustmentArb(kpis), { maxLength: 3 }), { nil: undefined }),
  }) as fc.Arbitrary<AccountInput>;
}

describe('the fast path equals the straightforward path on randomized inputs (fast-check)', () => {
  it.each(CARDS)('%s: scoreAccountsBatch equals scoreAccount per account and period', (_, prepared) => {
    fc.assert(
      fc.property(fc.array(accountArb(prepared), { minLength: 1, maxLength: 6 }), (inputs) => {
        const fast = scoreAccountsBatch(prepared, inputs, SCORED);
        const slow = inputs.map((input) =>
          SCORED.map((p) => scoreAccount(prepared, { ...input, period: p })),
        );
        expect(fast).toEqual(slow);
        expect(scoreAccountsBatch(prepared, inputs, null)).toEqual(
          inputs.map((input) => [scoreAccount(prepared, input)]),
        );
        expect(inputs.map((input) => scoreAccountPeriods(prepared, input, SCORED))).toEqual(slow);
      }),
      { numRuns: 60, seed: 20260401 },
    );
  });
  it('the generated inputs reach every status', () => {
    const statuses = new Set<string>();
    fc.assert(
      fc.property(fc.array(accountArb(custom), { minLength: 1, maxLength: 6 }), (inputs) => {
        for (const s of scoreAccountsBatch(custom, inputs, SCORED).flat())
          for (const k of s.kpis) statuses.add(k.status);
      }),
      { numRuns: 60, seed: 20260401 },
    );
    expect([...statuses].sort()).toEqual([
      'error',
      'exempt',
      'no_target',
      'not_applicable',
      'pending',
      'scored',
      'sealed',
    ]);
  });
});
