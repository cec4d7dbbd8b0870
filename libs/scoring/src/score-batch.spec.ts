import { BUILTIN_KPIS, BUILTIN_TEMPLATES } from './builtin';
import type { AccountInput, MetricValue, PeriodMetrics, ValueState } from './input.types';
import { prepareScorecard } from './prepare-scorecard.util';
import { resolveScorecard } from './resolve-scorecard.util';
import { scoreAccountPeriods, scoreAccountsBatch } from './score-account.util';
import { account, card, kpi, metrics } from './test-support/fixtures';

/** Deterministic pseudo-random accounts with every state, zero denominators and missing periods. */
function accounts(count: number, keys: readonly string[]): AccountInput[] {
  let seed = 7;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const states: ValueState[] = [
    'actual',
    'actual',
    'actual',
    'estimated',
    'pending',
    'sealed',
    'not_applicable',
  ];
  const periods = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'];
  return Array.from({ length: count }, (_, a) => {
    const byPeriod: Record<string, PeriodMetrics> = {};
    for (const p of periods) {
      if (rnd() < 0.1) continue; // a whole period missing
      const m: Record<string, MetricValue> = {};
      for (const k of keys) {
        if (rnd() < 0.05) continue; // one metric missing
        const state = states[Math.floor(rnd() * states.length)];
        const value = rnd() < 0.1 ? 0 : rnd() < 0.05 ? null : Math.round(rnd() * 1000) / 10;
        m[k] = { value, state, source: 'import' };
      }
      byPeriod[p] = m;
    }
    return {
      account: `A${a}`,
      period: '2026-Q2',
      metrics: byPeriod,
      targets: { key_account_revenue: 50, profit: 40 },
      sealedAccess: a % 3 === 0 ? ['profit', 'revenue'] : undefined,
    };
  });
}

describe('scoreAccountsBatch (columnar) gives exactly what scoring one account at a time gives', () => {
  const keys = [
    'revenue',
    'profit',
    'orders',
    'repeat_orders',
    'satisfaction_score',
    'cooperation_years',
    'category_spend',
    'active_lines',
    'churned_lines',
    'complaints',
    'complaints_resolved_on_time',
    'response_hours_avg',
    'cultural_adaptation_score',
    'compliance_breaches',
    'global_requests',
    'global_requests_on_time',
    'local_influence_index',
    'local_compliance_breaches',
    'local_response_hours',
    'customisation_requests',
    'customisation_delivered',
  ];
  it.each(['multinational', 'local_large_enterprise'])('%s, 200 accounts with every state', (key) => {
    const prepared = prepareScorecard(
      resolveScorecard(key, { templates: BUILTIN_TEMPLATES, kpis: BUILTIN_KPIS }).scorecard!,
    );
    const inputs = accounts(200, keys);
    const periods = ['2026-Q1', '2026-Q2'];
    const batch = scoreAccountsBatch(prepared, inputs, periods);
    const single = inputs.map((i) => scoreAccountPeriods(prepared, i, periods));
    expect(batch).toEqual(single);
    // The generated data reaches the interesting paths.
    const statuses = new Set(batch.flat().flatMap((s) => s.kpis.map((k) => k.status)));
    expect([...statuses].sort()).toEqual([
      'error',
      'no_target',
      'not_applicable',
      'pending',
      'scored',
      'sealed',
    ]);
  });
  it('with @references between KPIs and a KPI without inputs', () => {
    const prepared = card(
      [
        kpi('margin', {
          formula: 'profit / revenue',
          target: { type: 'fixed', value: 0.2 },
          scoring: { type: 'linear', floor: 0, stretch: 0.4, cap: 120 },
        }),
        kpi('margin_pct', {
          formula: '@margin * 100',
          target: { type: 'fixed', value: 20 },
          scoring: { type: 'linear', floor: 0, stretch: 40, cap: 120 },
        }),
        kpi('constant', { formula: '80' }),
      ],
      [
        { kpi: 'margin', weight: 40 },
        { kpi: 'margin_pct', weight: 40 },
        { kpi: 'constant', weight: 20 },
      ],
    );
    const inputs = [
      account('2026-Q2', { '2026-Q2': metrics({ revenue: 100, profit: 15 }) }),
      account('2026-Q2', { '2026-Q2': metrics({ revenue: 0, profit: 15 }) }),
      account('2026-Q2', {}),
    ];
    expect(scoreAccountsBatch(prepared, inputs, null)).toEqual(
      inputs.map((i) => scoreAccountPeriods(prepared, i, [i.period])),
    );
  });
});
