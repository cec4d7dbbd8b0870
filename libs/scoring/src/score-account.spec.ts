import { account, card, kpi, metrics } from './test-support/fixtures';
import { scoreAccount, scoreAccountPeriods } from './score-account.util';
import type { ValueState } from './input.types';

const Q = '2026-Q2';

describe('scoreAccount: weighted roll-up and re-normalisation', () => {
  const three = card(
    [kpi('a'), kpi('b'), kpi('c')],
    [
      { kpi: 'a', weight: 40 },
      { kpi: 'b', weight: 30 },
      { kpi: 'c', weight: 30 },
    ],
  );
  const equal = card(
    [kpi('a'), kpi('b'), kpi('c')],
    [
      { kpi: 'a', weight: 100 / 3 },
      { kpi: 'b', weight: 100 / 3 },
      { kpi: 'c', weight: 100 / 3 },
    ],
  );

  type Row = {
    name: string;
    values: Record<string, number | null | [number | null, ValueState]>;
    score: number | null;
    coverage: number | null;
    scored: number;
    applicable: number;
    confidence: string;
  };
  const rows: Row[] = [
    {
      name: 'all known',
      values: { a: 100, b: 50, c: 80 },
      score: 76.67,
      coverage: 1,
      scored: 3,
      applicable: 3,
      confidence: 'high',
    },
    {
      name: '100 and 100 with a third missing give 100, coverage 2/3 (not 66.7)',
      values: { a: 100, b: 100 },
      score: 100,
      coverage: 2 / 3,
      scored: 2,
      applicable: 3,
      confidence: 'medium',
    },
    {
      name: 'pending counts as unknown, never as zero',
      values: { a: 100, b: 100, c: [null, 'pending'] },
      score: 100,
      coverage: 2 / 3,
      scored: 2,
      applicable: 3,
      confidence: 'medium',
    },
    {
      name: 'a null "actual" is a gap, not a zero',
      values: { a: 100, b: 100, c: null },
      score: 100,
      coverage: 2 / 3,
      scored: 2,
      applicable: 3,
      confidence: 'medium',
    },
    {
      name: 'not applicable leaves the denominator: full coverage',
      values: { a: 100, b: 100, c: [null, 'not_applicable'] },
      score: 100,
      coverage: 1,
      scored: 2,
      applicable: 2,
      confidence: 'high',
    },
    {
      name: 'sealed without permission is unknown',
      values: { a: 100, b: 100, c: [10, 'sealed'] },
      score: 100,
      coverage: 2 / 3,
      scored: 2,
      applicable: 3,
      confidence: 'medium',
    },
    {
      name: 'estimated values score but lower the confidence',
      values: { a: [100, 'estimated'], b: [100, 'estimated'], c: 100 },
      score: 100,
      coverage: 1,
      scored: 3,
      applicable: 3,
      confidence: 'low',
    },
    {
      name: 'only one of three known: low confidence',
      values: { a: 90 },
      score: 90,
      coverage: 1 / 3,
      scored: 1,
      applicable: 3,
      confidence: 'low',
    },
    {
      name: 'nothing known: no score',
      values: {},
      score: null,
      coverage: 0,
      scored: 0,
      applicable: 3,
      confidence: 'none',
    },
  ];
  it.each(rows)('$name', (r) => {
    const s = scoreAccount(equal, account(Q, { [Q]: metrics(r.values) }));
    expect(s.score).toBe(r.score);
    if (r.coverage === null) expect(s.coverage).toBeNull();
    else expect(s.coverage).toBeCloseTo(r.coverage, 12);
    expect(s.counts.scored).toBe(r.scored);
    expect(s.counts.applicable).toBe(r.applicable);
    expect(s.confidence).toBe(r.confidence);
  });

  it('weights 40/30/30 with c missing re-normalise to 4/7 and 3/7', () => {
    const s = scoreAccount(three, account(Q, { [Q]: metrics({ a: 100, b: 30 }) }));
    expect(s.score).toBe(roundTo2((100 * 40 + 30 * 30) / 70));
    expect(s.kpis.map((k) => k.effectiveWeight)).toEqual([57.14, 42.86, 0]);
    expect(s.coverage).toBeCloseTo(0.7, 12);
    expect(s.trace.renormalisation).toMatchObject({ knownWeight: 70, applicableWeight: 100, unknown: ['c'] });
    expect(s.kpis[2].status).toBe('pending');
    expect(s.kpis[2].note?.en).toMatch(/re-normalised/);
  });

  it('permitted sealed values are read and shown as sealed in the trace', () => {
    const input = account(
      Q,
      { [Q]: metrics({ a: 100, b: 100, c: [50, 'sealed'] }) },
      { sealedAccess: ['c'] },
    );
    const s = scoreAccount(equal, input);
    expect(s.coverage).toBe(1);
    expect(s.kpis[2].score).toBe(50);
    expect(s.kpis[2].definition.metrics).toEqual(['c']);
    expect(s.kpis[2].inputs[0]?.state).toBe('sealed');
  });

  it('the trace carries inputs with state, source and record ids', () => {
    const s = scoreAccount(three, account(Q, { [Q]: metrics({ a: 90, b: 100, c: 110 }) }));
    expect(s.kpis[0]).toMatchObject({
      definition: {
        kpi: 'a',
        formula: 'a',
        metrics: ['a'],
        weight: 40,
        rule: { type: 'linear', floor: 0, stretch: 120, cap: 120 },
        targetRule: { type: 'fixed', value: 100 },
      },
      inputs: [{ value: 90, state: 'actual', source: 'import', sourceRecordIds: ['rec-90'] }],
      targetTrace: { rule: { type: 'fixed', value: 100 }, value: 100 },
      adjustments: [],
    });
    // The constant part is one object per KPI of the prepared scorecard, shared rather than copied.
    const again = scoreAccount(three, account(Q, { [Q]: metrics({ a: 1, b: 2, c: 3 }) }));
    expect(again.kpis[0].definition).toBe(s.kpis[0].definition);
    expect(s.kpis[2].score).toBe(110);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('scoring rules', () => {
  type Row = {
    name: string;
    def: Parameters<typeof kpi>[1];
    value: number;
    score: number | null;
    status?: string;
  };
  const rows: Row[] = [
    {
      name: 'linear below floor',
      def: { scoring: { type: 'linear', floor: 60, stretch: 120, cap: 120 } },
      value: 50,
      score: 0,
    },
    {
      name: 'linear between floor and target',
      def: { scoring: { type: 'linear', floor: 60, stretch: 120, cap: 120 } },
      value: 80,
      score: 50,
    },
    {
      name: 'linear at target',
      def: { scoring: { type: 'linear', floor: 60, stretch: 120, cap: 120 } },
      value: 100,
      score: 100,
    },
    {
      name: 'linear halfway to stretch',
      def: { scoring: { type: 'linear', floor: 60, stretch: 120, cap: 120 } },
      value: 110,
      score: 110,
    },
    {
      name: 'linear capped past stretch',
      def: { scoring: { type: 'linear', floor: 60, stretch: 120, cap: 120 } },
      value: 500,
      score: 120,
    },
    {
      name: 'relative linear (floor 0.6×, stretch 1.2× target)',
      def: {
        target: { type: 'fixed', value: 200 },
        scoring: { type: 'linear', floor: 0.6, stretch: 1.2, cap: 120, relative: true },
      },
      value: 160,
      score: 50,
    },
    {
      name: 'lower is better: at target',
      def: {
        direction: 'lower',
        target: { type: 'fixed', value: 5 },
        scoring: { type: 'lower_is_better', ceiling: 15, stretch: 0, cap: 110 },
      },
      value: 5,
      score: 100,
    },
    {
      name: 'lower is better: worse than target',
      def: {
        direction: 'lower',
        target: { type: 'fixed', value: 5 },
        scoring: { type: 'lower_is_better', ceiling: 15, stretch: 0, cap: 110 },
      },
      value: 10,
      score: 50,
    },
    {
      name: 'lower is better: better than target',
      def: {
        direction: 'lower',
        target: { type: 'fixed', value: 5 },
        scoring: { type: 'lower_is_better', ceiling: 15, stretch: 0, cap: 110 },
      },
      value: 2.5,
      score: 105,
    },
    {
      name: 'step bands, higher',
      def: {
        scoring: {
          type: 'step',
          bands: [
            { threshold: 60, score: 60 },
            { threshold: 80, score: 80 },
            { threshold: 90, score: 100 },
          ],
        },
      },
      value: 85,
      score: 80,
    },
    {
      name: 'step bands, below all',
      def: {
        scoring: {
          type: 'step',
          bands: [
            { threshold: 60, score: 60 },
            { threshold: 80, score: 80 },
          ],
        },
      },
      value: 10,
      score: 0,
    },
    {
      name: 'step bands, lower is better',
      def: {
        direction: 'lower',
        scoring: {
          type: 'step',
          bands: [
            { threshold: 2, score: 100 },
            { threshold: 4, score: 80 },
            { threshold: 8, score: 50 },
          ],
        },
      },
      value: 3,
      score: 80,
    },
    { name: 'gate passed', def: { scoring: { type: 'gate', cap: 60 } }, value: 0, score: 100 },
    { name: 'gate breached', def: { scoring: { type: 'gate', cap: 60 } }, value: 1, score: 0 },
    {
      name: 'custom formula',
      def: { scoring: { type: 'formula', formula: 'IF(value >= target, 100, value / target * 80)' } },
      value: 50,
      score: 40,
    },
    {
      name: 'custom formula result is clamped to [0, cap]',
      def: { scoring: { type: 'formula', formula: 'value * 2', cap: 150 } },
      value: 100,
      score: 150,
    },
    {
      name: 'custom formula error is an error, not a zero',
      def: { scoring: { type: 'formula', formula: 'value / 0' } },
      value: 100,
      score: null,
      status: 'error',
    },
    {
      name: 'a target outside floor..stretch is an error',
      def: {
        target: { type: 'fixed', value: 10 },
        scoring: { type: 'linear', floor: 60, stretch: 120, cap: 120 },
      },
      value: 100,
      score: null,
      status: 'error',
    },
  ];
  it.each(rows)('$name', (r) => {
    const c = card([kpi('a', r.def)], [{ kpi: 'a', weight: 100 }]);
    const s = scoreAccount(c, account(Q, { [Q]: metrics({ a: r.value }) }));
    expect(s.kpis[0].score).toBe(r.score);
    expect(s.kpis[0].status).toBe(r.status ?? 'scored');
  });
});

describe('gates', () => {
  const defs = [kpi('a'), kpi('b'), kpi('compliance', { scoring: { type: 'gate', cap: 60 } })];
  const withWeight = card(defs, [
    { kpi: 'a', weight: 45 },
    { kpi: 'b', weight: 45 },
    { kpi: 'compliance', weight: 10 },
  ]);
  const pure = card(defs, [
    { kpi: 'a', weight: 50 },
    { kpi: 'b', weight: 50 },
    { kpi: 'compliance', weight: 0 },
  ]);
  it.each([
    { name: 'no breach', c: withWeight, breaches: 0, score: 100, raw: 100, gate: 'passed', rating: 'S' },
    {
      name: 'a breach caps the total at 60',
      c: withWeight,
      breaches: 1,
      score: 60,
      raw: 90,
      gate: 'breached',
      rating: 'C',
    },
    {
      name: 'weight-0 gate: breach caps only',
      c: pure,
      breaches: 2,
      score: 60,
      raw: 100,
      gate: 'breached',
      rating: 'C',
    },
    {
      name: 'weight-0 gate: pass leaves the total',
      c: pure,
      breaches: 0,
      score: 100,
      raw: 100,
      gate: 'passed',
      rating: 'S',
    },
  ])('$name', (r) => {
    const s = scoreAccount(r.c, account(Q, { [Q]: metrics({ a: 100, b: 100, compliance: r.breaches }) }));
    expect(s.score).toBe(r.score);
    expect(s.rawScore).toBe(r.raw);
    expect(s.gates).toEqual([{ kpi: 'compliance', status: r.gate, cap: 60 }]);
    expect(s.rating).toBe(r.rating);
  });
  it('a total already below the cap is unchanged', () => {
    const s = scoreAccount(withWeight, account(Q, { [Q]: metrics({ a: 50, b: 50, compliance: 1 }) }));
    expect(s.rawScore).toBe(45);
    expect(s.score).toBe(45);
  });
  it('an unknown gate cannot give high confidence', () => {
    const s = scoreAccount(pure, account(Q, { [Q]: metrics({ a: 100, b: 100 }) }));
    expect(s.gates).toEqual([{ kpi: 'compliance', status: 'unknown', cap: 60 }]);
    expect(s.coverage).toBe(1);
    expect(s.confidence).toBe('medium');
  });
});

describe('targets', () => {
  it('growth over the same period last year (+20%)', () => {
    const c = card(
      [kpi('revenue', { target: { type: 'growth', rate: 0.2 } })],
      [{ kpi: 'revenue', weight: 100 }],
    );
    const s = scoreAccount(
      c,
      account(Q, { '2025-Q2': metrics({ revenue: 100 }), [Q]: metrics({ revenue: 108 }) }),
    );
    expect(s.kpis[0].target).toBeCloseTo(120, 10);
    expect(s.kpis[0].score).toBe(90);
    expect(s.kpis[0].targetTrace.base).toEqual({ period: '2025-Q2', value: 100 });
  });
  it('growth without last year is no_target, unknown rather than zero', () => {
    const c = card(
      [kpi('revenue', { target: { type: 'growth', rate: 0.2 } }), kpi('b')],
      [
        { kpi: 'revenue', weight: 50 },
        { kpi: 'b', weight: 50 },
      ],
    );
    const s = scoreAccount(c, account(Q, { [Q]: metrics({ revenue: 108, b: 80 }) }));
    expect(s.kpis[0].status).toBe('no_target');
    expect(s.score).toBe(80);
    expect(s.coverage).toBe(0.5);
  });
  it.each<{ name: string; targets: Record<string, number>; score: number }>([
    { name: 'per-account target', targets: { a: 200 }, score: 50 },
    { name: 'per-account default when the account has none', targets: {}, score: 80 },
  ])('$name', (r) => {
    const c = card(
      [
        kpi('a', {
          target: { type: 'per_account', default: 125 },
          scoring: { type: 'linear', floor: 0, stretch: 1.2, cap: 120, relative: true },
        }),
      ],
      [{ kpi: 'a', weight: 100 }],
    );
    const s = scoreAccount(c, account(Q, { [Q]: metrics({ a: 100 }) }, { targets: r.targets }));
    expect(s.kpis[0].score).toBe(r.score);
  });
  it('template entry overrides the KPI target', () => {
    const c = card([kpi('a')], [{ kpi: 'a', weight: 100, target: { type: 'fixed', value: 50 } }]);
    expect(scoreAccount(c, account(Q, { [Q]: metrics({ a: 50 }) })).kpis[0].score).toBe(100);
  });
});

describe('formulas over metrics and other KPIs', () => {
  it('a KPI refers to another KPI with @key; inputs are the transitive metrics', () => {
    const defs = [
      kpi('margin', {
        formula: 'profit / revenue',
        target: { type: 'fixed', value: 0.2 },
        scoring: { type: 'linear', floor: 0, stretch: 0.3, cap: 120 },
      }),
      kpi('margin_pct', {
        formula: '@margin * 100',
        target: { type: 'fixed', value: 20 },
        scoring: { type: 'linear', floor: 0, stretch: 30, cap: 120 },
      }),
    ];
    const c = card(defs, [{ kpi: 'margin_pct', weight: 100 }]);
    const s = scoreAccount(c, account(Q, { [Q]: metrics({ revenue: 1000, profit: 150 }) }));
    expect(s.kpis[0].value).toBeCloseTo(15, 10);
    expect(s.kpis[0].score).toBe(75);
    expect(s.kpis[0].definition.metrics).toEqual(['profit', 'revenue']);
    expect(s.kpis[0].inputs.map((i) => i?.value)).toEqual([150, 1000]);
  });
  it('a formula error (division by zero orders) is an error with its code, left out of the total', () => {
    const c = card(
      [kpi('rate', { formula: 'repeat_orders / orders' }), kpi('b')],
      [
        { kpi: 'rate', weight: 50 },
        { kpi: 'b', weight: 50 },
      ],
    );
    const s = scoreAccount(c, account(Q, { [Q]: metrics({ repeat_orders: 0, orders: 0, b: 100 }) }));
    expect(s.kpis[0].status).toBe('error');
    expect(s.kpis[0].note?.en).toContain('#DIV/0!');
    expect(s.score).toBe(100);
  });
  it('a not-applicable input makes the KPI not applicable even if another is pending', () => {
    const c = card([kpi('r', { formula: 'x + y' })], [{ kpi: 'r', weight: 100 }]);
    const s = scoreAccount(
      c,
      account(Q, { [Q]: metrics({ x: [null, 'not_applicable'], y: [null, 'pending'] }) }),
    );
    expect(s.kpis[0].status).toBe('not_applicable');
    expect(s.score).toBeNull();
    expect(s.coverage).toBeNull();
  });
});

describe('rolling windows for long-horizon KPIs', () => {
  const periods = {
    '2025-Q3': metrics({ t: 60 }),
    '2025-Q4': metrics({ t: 80 }),
    '2026-Q1': metrics({ t: [100, 'estimated'] }),
    '2026-Q2': metrics({ t: 120 }),
  };
  it.each([
    { name: 'average of 4 quarters', aggregate: 'average' as const, n: 4, value: 90, state: 'estimated' },
    { name: 'sum of 2 quarters', aggregate: 'sum' as const, n: 2, value: 220, state: 'estimated' },
    { name: 'last of 3', aggregate: 'last' as const, n: 3, value: 120, state: 'estimated' },
  ])('$name', (r) => {
    const c = card(
      [
        kpi('t', {
          horizon: 'long',
          target: { type: 'fixed', value: 1000 },
          scoring: { type: 'linear', floor: 0, stretch: 2000, cap: 120 },
        }),
      ],
      [{ kpi: 't', weight: 100, window: { periods: r.n, aggregate: r.aggregate } }],
    );
    const s = scoreAccount(c, account(Q, periods));
    expect(s.kpis[0].value).toBe(r.value);
    expect(s.kpis[0].valueState).toBe(r.state);
    expect(s.kpis[0].window?.map((v) => v.period)).toEqual(
      ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'].slice(4 - r.n),
    );
  });
  it('an average over a window with a gap uses the known periods and is an estimate', () => {
    const c = card([kpi('t', { horizon: 'long' })], [{ kpi: 't', weight: 100, window: { periods: 4 } }]);
    const s = scoreAccount(c, account(Q, { '2026-Q1': metrics({ t: 80 }), [Q]: metrics({ t: 100 }) }));
    expect(s.kpis[0].value).toBe(90);
    expect(s.kpis[0].valueState).toBe('estimated');
  });
  it('a sum over a window with a gap is unknown, never a silent zero', () => {
    const c = card(
      [kpi('t', { horizon: 'long' })],
      [{ kpi: 't', weight: 100, window: { periods: 4, aggregate: 'sum' } }],
    );
    const s = scoreAccount(c, account(Q, { '2026-Q1': metrics({ t: 80 }), [Q]: metrics({ t: 100 }) }));
    expect(s.kpis[0].status).toBe('pending');
    expect(s.score).toBeNull();
  });
  it('scoreAccountPeriods gives what scoreAccount gives for each period', () => {
    const c = card(
      [kpi('t', { horizon: 'long', target: { type: 'growth', rate: 0.1 } })],
      [{ kpi: 't', weight: 100, window: { periods: 2 } }],
    );
    const all = {
      '2025-Q1': metrics({ t: 50 }),
      '2025-Q2': metrics({ t: 60 }),
      '2025-Q3': metrics({ t: 70 }),
      '2026-Q1': metrics({ t: 65 }),
      '2026-Q2': metrics({ t: 66 }),
      '2026-Q3': metrics({ t: 90 }),
    };
    const ps = ['2026-Q1', '2026-Q2', '2026-Q3'];
    const together = scoreAccountPeriods(c, account(Q, all), ps);
    expect(together).toEqual(ps.map((p) => scoreAccount(c, account(p, all))));
  });
});

describe('deferral', () => {
  it.each([
    { share: 0, deferredIn: 0, score: 80, out: 0, payable: 80 },
    { share: 20, deferredIn: 0, score: 80, out: 16, payable: 64 },
    { share: 20, deferredIn: 18, score: 80, out: 16, payable: 82 },
  ])('share $share% with $deferredIn carried in', (r) => {
    const c = card([kpi('a')], [{ kpi: 'a', weight: 100 }], { deferral: { share: r.share } });
    const s = scoreAccount(c, account(Q, { [Q]: metrics({ a: r.score }) }, { deferredIn: r.deferredIn }));
    expect(s.score).toBe(r.score);
    expect(s.deferral).toEqual({
      share: r.share,
      deferredOut: r.out,
      deferredIn: r.deferredIn,
      payable: r.payable,
    });
    expect(s.rating).toBe('B'); // the rating follows the performance score, not the payable part
  });
});

function roundTo2(x: number): number {
  return Math.round(x * 100) / 100;
}
