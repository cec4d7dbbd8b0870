import { drillWidget } from './drill-widget.util';
import { evaluateWidget, widgetFieldPeriods } from './evaluate-widget.util';
import { frameOf, measure, widget } from './test-frame';
import type { WidgetData, WidgetFailure } from './widget-result';

const row = (
  account: string,
  type: string,
  region: string,
  period: string,
  revenue: number | null,
  target: number | null,
  extra: Record<string, string | number | null> = {},
) => ({
  account_id: account,
  account_code: account.toUpperCase(),
  account_type: type,
  region,
  department_id: type === 'multinational' ? 'd1' : 'd2',
  period,
  revenue,
  target,
  satisfaction_score: extra.satisfaction_score ?? null,
  rating: extra.rating ?? null,
  churned_lines: extra.churned_lines ?? null,
  active_lines: extra.active_lines ?? null,
});

const FRAME = frameOf(
  [
    row('a', 'multinational', 'east', '2026-Q2', 100, 80, { satisfaction_score: 90, rating: 'S' }),
    row('b', 'multinational', 'north', '2026-Q2', 50, 100, { satisfaction_score: 70, rating: 'B' }),
    row('c', 'local_enterprise', 'east', '2026-Q2', 30, 30, { satisfaction_score: null, rating: 'A' }),
    row('a', 'multinational', 'east', '2026-Q1', 90, 80, { satisfaction_score: 85, rating: 'A' }),
    row('b', 'multinational', 'north', '2026-Q1', 40, 100, { satisfaction_score: 75, rating: 'C' }),
    row('c', 'local_enterprise', 'east', '2026-Q1', 20, null, { satisfaction_score: 80, rating: 'S' }),
  ],
  [['accountType', { multinational: { 'zh-CN': '跨国企业', en: 'Multinational' } }]],
);

const ok = (r: ReturnType<typeof evaluateWidget>) => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r as WidgetData;
};
const scope = { period: '2026-Q2' };

describe('evaluateWidget', () => {
  it('computes measures per group over the selected period only', () => {
    const result = ok(
      evaluateWidget(
        widget({
          groupBy: ['account_type'],
          measures: [
            measure('attainment', 'SUM(revenue)/SUM(target)'),
            measure('sat', 'AVERAGE(satisfaction_score)'),
          ],
          sort: { by: 'account_type', order: 'asc' },
        }),
        '/widgets/0',
        FRAME,
        scope,
      ),
    );
    expect(result.rows).toEqual([
      { key: ['local_enterprise'], labels: [null], values: [1, { error: '#DIV/0!' }] },
      {
        key: ['multinational'],
        labels: [{ 'zh-CN': '跨国企业', en: 'Multinational' }],
        values: [150 / 180, 80],
      },
    ]);
  });

  it.each([
    ['account type', { accountType: 'multinational' }, 150],
    ['region', { region: 'east' }, 130],
    ['department', { departmentId: 'd2' }, 30],
    ['person (their accounts)', { personId: 'p', personAccounts: new Set(['a', 'c']) }, 130],
    ['nothing', {}, 180],
  ])('filters by %s', (_name, filters, revenue) => {
    const result = ok(
      evaluateWidget(widget({ type: 'number', measures: [measure('r', 'SUM(revenue)')] }), '', FRAME, {
        ...scope,
        ...filters,
      }),
    );
    expect(result.card!.value).toBe(revenue);
  });

  it('keeps only the rows a where formula accepts', () => {
    const result = ok(
      evaluateWidget(
        widget({ type: 'number', where: 'region = "north"', measures: [measure('r', 'SUM(revenue)')] }),
        '',
        FRAME,
        scope,
      ),
    );
    expect(result.card!.value).toBe(50);
  });

  it('counts text with COUNTIF/COUNTA (a rating distribution share)', () => {
    const result = ok(
      evaluateWidget(
        widget({
          type: 'number',
          dataset: 'account_scores',
          measures: [measure('s', 'COUNTIF(rating, "S")/COUNTA(rating)')],
        }),
        '',
        FRAME,
        scope,
      ),
    );
    expect(result.card!.value).toBeCloseTo(1 / 3);
  });

  it('gives a number card its target and the trend over the last periods', () => {
    const result = ok(
      evaluateWidget(
        widget({
          type: 'number',
          measures: [measure('r', 'SUM(revenue)')],
          target: { formula: 'SUM(target)' },
          trend: 3,
        }),
        '',
        FRAME,
        scope,
      ),
    );
    expect(result.card).toEqual({
      value: 180,
      target: 210,
      previous: 150,
      trend: [
        { period: '2025-Q4', value: null },
        { period: '2026-Q1', value: 150 },
        { period: '2026-Q2', value: 180 },
      ],
    });
  });

  it('sorts and limits, counting the groups before the limit', () => {
    const result = ok(
      evaluateWidget(
        widget({
          groupBy: ['account_id'],
          measures: [measure('r', 'SUM(revenue)')],
          sort: { by: 'r', order: 'asc' },
          limit: 2,
        }),
        '',
        FRAME,
        scope,
      ),
    );
    expect(result.rows.map((r) => r.key[0])).toEqual(['c', 'b']);
    expect(result.total).toBe(3);
  });

  it('answers a broken widget with its error, code, bilingual message and formula position', () => {
    const broken = evaluateWidget(
      widget({ measures: [measure('r', 'SUM(revenu)')], groupBy: ['account_type'] }),
      '/widgets/3',
      FRAME,
      scope,
    ) as WidgetFailure;
    expect(broken.ok).toBe(false);
    expect(broken.error).toMatchObject({
      code: 'dashboards.formula_invalid',
      pointer: '/widgets/3/measures/0/formula',
      formula: 'SUM(revenu)',
      position: { start: 4, length: 6, line: 1, column: 5 },
    });
    expect(broken.error.message.en).toContain('line 1, column 5');
    expect(broken.error.message['zh-CN']).toContain('第 1 行第 5 列');
  });

  it('raises an alert for a series that got worse two periods in a row', () => {
    const frame = frameOf(
      ['2026-Q1', '2026-Q2', '2026-Q3'].flatMap((period, q) => [
        { account_id: 'a', account_type: 'x', period, churned_lines: 1 + q, active_lines: 10 },
        { account_id: 'b', account_type: 'y', period, churned_lines: q === 1 ? 3 : 1, active_lines: 10 },
      ]),
    );
    const result = ok(
      evaluateWidget(
        widget({
          type: 'line',
          groupBy: ['period', 'account_type'],
          periods: 3,
          measures: [{ ...measure('churn', 'SUM(churned_lines)/SUM(active_lines)'), format: 'percent' }],
          alert: { measure: 'churn', worse: 'up', periods: 2 },
        }),
        '',
        frame,
        { period: '2026-Q3' },
      ),
    );
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]).toMatchObject({ series: ['x'], periods: ['2026-Q1', '2026-Q2', '2026-Q3'] });
    expect(result.alerts[0]!.message.en).toContain('10.0% → 2026-Q2 20.0% → 2026-Q3 30.0%');
  });
});

describe('drillWidget', () => {
  it('lists the accounts behind one group with the widget measures', () => {
    const result = drillWidget(
      widget({ groupBy: ['account_type'], measures: [measure('r', 'SUM(revenue)')] }),
      FRAME,
      scope,
      ['multinational'],
    );
    expect(result.rows.map((r) => [r.accountId, r.code, r.values[0]])).toEqual([
      ['a', 'A', 100],
      ['b', 'B', 50],
    ]);
  });

  it('drills into one period of a trend', () => {
    const result = drillWidget(
      widget({ type: 'line', groupBy: ['period'], periods: 2, measures: [measure('r', 'SUM(revenue)')] }),
      FRAME,
      scope,
      ['2026-Q1'],
    );
    expect(result.periods).toEqual(['2026-Q1']);
    expect(result.rows.map((r) => r.values[0])).toEqual([90, 40, 20]);
  });
});

describe('widgetFieldPeriods', () => {
  it("reads a number card's target for the selected period only, its measure over the trend", () => {
    const card = widget({
      type: 'number',
      measures: [measure('r', 'SUM(revenue)')],
      target: { formula: 'SUM(target)' },
      trend: 3,
    });
    expect(Object.fromEntries(widgetFieldPeriods(card, '2026-Q3'))).toEqual({
      revenue: ['2026-Q1', '2026-Q2', '2026-Q3'],
      target: ['2026-Q3'],
    });
  });

  it('reads a field the measure and the target share over the whole window, and where and group-by too', () => {
    const card = widget({
      type: 'number',
      measures: [measure('a', 'SUM(revenue)/SUM(target)')],
      target: { formula: 'SUM(target)*1.1' },
      where: 'region = "east"',
      trend: 2,
    });
    const all = ['2026-Q2', '2026-Q3'];
    expect(Object.fromEntries(widgetFieldPeriods(card, '2026-Q3'))).toEqual({
      revenue: all,
      target: all,
      region: all,
    });
    const line = widget({
      type: 'line',
      groupBy: ['period'],
      periods: 2,
      measures: [measure('r', 'SUM(revenue)')],
    });
    expect(Object.fromEntries(widgetFieldPeriods(line, '2026-Q3'))).toEqual({ period: all, revenue: all });
  });
});
