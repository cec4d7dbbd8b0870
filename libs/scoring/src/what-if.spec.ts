import type { Adjustment } from './input.types';
import { scoreAccount } from './score-account.util';
import { account, card, kpi, metrics } from './test-support/fixtures';
import { whatIf } from './what-if.util';

const Q = '2026-Q2';
const prepared = card(
  [
    kpi('revenue'),
    kpi('share'),
    kpi('churn', {
      direction: 'lower',
      target: { type: 'fixed', value: 10 },
      scoring: { type: 'lower_is_better', ceiling: 20, stretch: 5, cap: 120 },
    }),
  ],
  [
    { kpi: 'revenue', weight: 50 },
    { kpi: 'share', weight: 30 },
    { kpi: 'churn', weight: 20 },
  ],
);
const input = account(Q, { [Q]: metrics({ revenue: 81, share: 90, churn: 15 }) });
const base = {
  reason: { 'zh-CN': '竞争对手降价', en: 'A competitor cut prices' },
  requestedBy: 'mgr',
  approver: 'head',
  status: 'approved' as const,
};

describe('adjustments and what-if', () => {
  type Row = {
    name: string;
    adj: Adjustment;
    changed: string[];
    after: Record<string, number | null>;
    total: number;
  };
  // Before: revenue 81, share 90, churn 50 → 0.5×81 + 0.3×90 + 0.2×50 = 77.5
  const rows: Row[] = [
    {
      name: 'market index 0.9 lifts revenue 81 → 90 and nothing else',
      adj: { id: 'm1', kind: 'market_index', kpi: 'revenue', index: 0.9, ...base },
      changed: ['revenue'],
      after: { revenue: 90, share: 90, churn: 50 },
      total: 82,
    },
    {
      name: 'market index on a lower-is-better KPI multiplies (15 × 0.8 = 12)',
      adj: { id: 'm2', kind: 'market_index', kpi: 'churn', index: 0.8, ...base },
      changed: ['churn'],
      after: { revenue: 81, share: 90, churn: 80 },
      total: 83.5,
    },
    {
      name: 're-baselined target 90 for revenue',
      adj: { id: 'r1', kind: 'rebaseline', kpi: 'revenue', target: 90, ...base },
      changed: ['revenue'],
      after: { revenue: 90, share: 90, churn: 50 },
      total: 82,
    },
    {
      name: 'exempting churn re-normalises the other weights (their scores unchanged)',
      adj: { id: 'e1', kind: 'exemption', kpi: 'churn', ...base },
      changed: ['revenue', 'share', 'churn'],
      after: { revenue: 81, share: 90, churn: null },
      total: 84.38,
    },
  ];
  it.each(rows)('$name', (r) => {
    const frozen = JSON.stringify(input);
    const w = whatIf(prepared, input, [{ ...r.adj, status: 'proposed', approver: undefined }]);
    expect(w.total.before).toBe(77.5);
    expect(w.total.after).toBe(r.total);
    expect(w.kpis.filter((k) => k.changed).map((k) => k.kpi)).toEqual(r.changed);
    expect(Object.fromEntries(w.after.kpis.map((k) => [k.kpi, k.score]))).toEqual(r.after);
    expect(w.adjustments).toHaveLength(1);
    expect(w.adjustments[0]).toMatchObject({ id: r.adj.id, status: 'preview', reason: base.reason });
    // Nothing mutated.
    expect(JSON.stringify(input)).toBe(frozen);

    // Approved, the same adjustment gives the what-if's numbers and is in the trace with its approver.
    const applied = scoreAccount(prepared, { ...input, adjustments: [r.adj] });
    expect(applied.score).toBe(r.total);
    expect(applied.trace.adjustments).toEqual([
      expect.objectContaining({ id: r.adj.id, approver: 'head', status: 'approved', reason: base.reason }),
    ]);
    const kpiTrace = applied.kpis.find((k) => k.kpi === r.adj.kpi)!;
    expect(kpiTrace.adjustments.map((a) => a.id)).toEqual([r.adj.id]);
  });

  it.each([
    {
      name: 'not approved',
      adj: { id: 'x', kind: 'exemption', kpi: 'churn', ...base, status: 'proposed' },
      why: 'not approved',
    },
    {
      name: 'no approver',
      adj: { id: 'x', kind: 'exemption', kpi: 'churn', ...base, approver: undefined },
      why: 'needs an approver',
    },
    {
      name: 'self-approved',
      adj: { id: 'x', kind: 'exemption', kpi: 'churn', ...base, approver: 'mgr' },
      why: 'cannot approve their own',
    },
    {
      name: 'no reason',
      adj: { id: 'x', kind: 'exemption', kpi: 'churn', ...base, reason: ' ' },
      why: 'needs a reason',
    },
    {
      name: 'no index',
      adj: { id: 'x', kind: 'market_index', kpi: 'revenue', ...base },
      why: 'index must be positive',
    },
  ])('an adjustment that is $name is ignored, and says why', (r) => {
    const s = scoreAccount(prepared, { ...input, adjustments: [r.adj as Adjustment] });
    expect(s.score).toBe(77.5);
    expect(s.trace.ignoredAdjustments[0].why.en).toContain(r.why);
  });

  it('an adjustment for another period does not apply', () => {
    const s = scoreAccount(prepared, {
      ...input,
      adjustments: [
        { id: 'm', kind: 'market_index', kpi: 'revenue', index: 0.9, period: '2026-Q1', ...base },
      ],
    });
    expect(s.score).toBe(77.5);
  });
});
