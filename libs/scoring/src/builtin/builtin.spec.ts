import type { AccountInput, PeriodMetrics } from '../input.types';
import { prepareScorecard } from '../prepare-scorecard.util';
import { resolveScorecard } from '../resolve-scorecard.util';
import { scoreAccount, scoreAccountPeriods } from '../score-account.util';
import { validateKpis } from '../validate-kpis.util';
import { BUILTIN_KPIS, BUILTIN_METRICS, BUILTIN_TEMPLATES } from './index';

const metricKeys = BUILTIN_METRICS.map((m) => m.key);

/** A plausible quarter for one account; `k` varies the numbers. */
export function sampleQuarter(k: number): PeriodMetrics {
  const v = (value: number) => ({
    value,
    state: 'actual' as const,
    source: 'import' as const,
    sourceRecordIds: [`r${k}`],
  });
  return {
    revenue: v(1_000_000 + k * 50_000),
    profit: v(180_000 + k * 9_000),
    orders: v(40 + k),
    repeat_orders: v(32 + k),
    satisfaction_score: {
      value: 88 + (k % 5),
      state: 'actual',
      source: 'survey',
      sourceRecordIds: [`s${k}`],
    },
    cooperation_years: v(6),
    category_spend: v(3_000_000),
    active_lines: v(20),
    churned_lines: v(k % 3),
    complaints: v(4),
    complaints_resolved_on_time: v(4 - (k % 2)),
    response_hours_avg: v(3 + (k % 4)),
    cultural_adaptation_score: v(78 + k),
    compliance_breaches: v(0),
    global_requests: v(10),
    global_requests_on_time: v(9),
    local_influence_index: v(70 + k),
    local_compliance_breaches: v(0),
    local_response_hours: v(5),
    customisation_requests: v(4),
    customisation_delivered: v(3),
  };
}

export function sampleAccount(period = '2026-Q2'): AccountInput {
  const metrics: Record<string, PeriodMetrics> = {};
  ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'].forEach(
    (p, i) => (metrics[p] = sampleQuarter(i)),
  );
  return {
    account: 'DEMO-1',
    period,
    metrics,
    targets: { key_account_revenue: 1_200_000, profit: 200_000 },
  };
}

describe('built-in KPI library and templates', () => {
  it('the library is valid against the built-in metrics', () => {
    expect(validateKpis(BUILTIN_KPIS, { metrics: metricKeys })).toEqual([]);
  });
  it('every KPI has both names and a distinct key', () => {
    for (const k of BUILTIN_KPIS) {
      expect(k.name['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(k.name.en).toMatch(/[A-Za-z]/);
    }
    expect(new Set(BUILTIN_KPIS.map((k) => k.key)).size).toBe(BUILTIN_KPIS.length);
  });
  it.each([
    { key: 'key_account_base', kpis: 10, gates: [] as string[] },
    { key: 'multinational', kpis: 13, gates: ['international_compliance'] },
    { key: 'local_large_enterprise', kpis: 12, gates: ['local_regulatory_compliance'] },
  ])('$key resolves with weights summing to 100 and scores an account with a trace', (r) => {
    const res = resolveScorecard(r.key, { templates: BUILTIN_TEMPLATES, kpis: BUILTIN_KPIS });
    expect(res.issues).toEqual([]);
    const card = res.scorecard!;
    expect(card.entries).toHaveLength(r.kpis);
    expect(card.entries.reduce((s, e) => s + e.weight, 0)).toBe(100);
    const s = scoreAccount(prepareScorecard(card), sampleAccount());
    expect(s.kpis.filter((k) => k.status !== 'scored').map((k) => [k.kpi, k.status, k.note?.en])).toEqual([]);
    expect(s.coverage).toBe(1);
    expect(s.confidence).toBe('high');
    expect(s.score).toBeGreaterThan(60);
    expect(s.gates.map((g) => g.kpi)).toEqual(r.gates);
    for (const k of s.kpis) {
      expect(k.inputs.length).toBeGreaterThan(0);
      expect(k.inputs).toHaveLength(k.definition.metrics.length);
      expect(k.definition.formula).toBe(card.entries.find((e) => e.kpi.key === k.kpi)!.kpi.formula);
    }
  });
  it('revenue growth reads the same quarter last year (+20%)', () => {
    const card = resolveScorecard('multinational', {
      templates: BUILTIN_TEMPLATES,
      kpis: BUILTIN_KPIS,
    }).scorecard!;
    const s = scoreAccount(prepareScorecard(card), sampleAccount());
    const g = s.kpis.find((k) => k.kpi === 'revenue_growth')!;
    // 2025-Q2 revenue 1,050,000 → target 1,260,000; 2026-Q2 revenue 1,250,000.
    expect(g.targetTrace.base).toEqual({ period: '2025-Q2', value: 1_050_000 });
    expect(g.target).toBeCloseTo(1_260_000, 6);
  });
  it('a compliance breach caps a multinational account at 60', () => {
    const card = prepareScorecard(
      resolveScorecard('multinational', { templates: BUILTIN_TEMPLATES, kpis: BUILTIN_KPIS }).scorecard!,
    );
    const input = sampleAccount();
    const breached: AccountInput = {
      ...input,
      metrics: {
        ...input.metrics,
        '2026-Q2': {
          ...input.metrics['2026-Q2'],
          compliance_breaches: { value: 1, state: 'actual', source: 'manual' },
        },
      },
    };
    const before = scoreAccount(card, input);
    const after = scoreAccount(card, breached);
    expect(before.score!).toBeGreaterThan(60);
    expect(after.score).toBe(60);
    expect(after.rating).toBe('C');
    expect(after.trace.notes.map((n) => n.en).join()).toContain('capped at 60');
  });
});

describe('determinism', () => {
  const card = () =>
    prepareScorecard(
      resolveScorecard('local_large_enterprise', { templates: BUILTIN_TEMPLATES, kpis: BUILTIN_KPIS })
        .scorecard!,
    );

  it('the same inputs and pinned definitions give the same numbers and trace, as JSON', () => {
    const a = JSON.stringify(scoreAccount(card(), sampleAccount()));
    const b = JSON.stringify(scoreAccount(card(), JSON.parse(JSON.stringify(sampleAccount()))));
    expect(a).toBe(b);
  });
  it('the order in which metrics arrive does not change anything', () => {
    const input = sampleAccount();
    const shuffled: AccountInput = {
      ...input,
      metrics: Object.fromEntries(
        Object.entries(input.metrics)
          .reverse()
          .map(([p, m]) => [p, Object.fromEntries(Object.entries(m).reverse())]),
      ),
    };
    const a = scoreAccount(card(), input);
    const b = scoreAccount(card(), shuffled);
    expect(b.score).toBe(a.score);
    expect(b.kpis.map((k) => [k.kpi, k.value, k.target, k.score])).toEqual(
      a.kpis.map((k) => [k.kpi, k.value, k.target, k.score]),
    );
  });
  it('scoring a batch gives what scoring one account at a time gives', () => {
    const c = card();
    const input = sampleAccount();
    expect(scoreAccountPeriods(c, input, ['2026-Q1', '2026-Q2'])).toEqual([
      scoreAccount(c, { ...input, period: '2026-Q1' }),
      scoreAccount(c, input),
    ]);
  });
  it('inputs are never mutated', () => {
    const input = sampleAccount();
    const frozen = JSON.stringify(input);
    scoreAccount(card(), input);
    expect(JSON.stringify(input)).toBe(frozen);
  });
});
