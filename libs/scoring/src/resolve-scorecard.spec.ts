import { resolveScorecard } from './resolve-scorecard.util';
import { kpi, template } from './test-support/fixtures';
import { validateKpis } from './validate-kpis.util';

const kpis = ['a', 'b', 'c', 'd'].map((k) => kpi(k));

describe('template resolution', () => {
  const base = template('base', [
    { kpi: 'a', weight: 50 },
    { kpi: 'b', weight: 30 },
    { kpi: 'c', weight: 20 },
  ]);
  const child = template(
    'child',
    [
      { kpi: 'a', weight: 40, target: { type: 'fixed', value: 200 } },
      { kpi: 'd', weight: 40 },
    ],
    {
      extends: 'base',
      remove: ['b'],
      ratingBands: [
        { rating: 'X', min: 50 },
        { rating: 'Y', min: 0 },
      ],
    },
  );

  it('a child extends its base: overrides fields, removes and adds entries', () => {
    const r = resolveScorecard('child', { templates: [base, child], kpis });
    expect(r.issues).toEqual([]);
    const s = r.scorecard!;
    expect(s.entries.map((e) => [e.kpi.key, e.weight, e.setBy])).toEqual([
      ['a', 40, 'child'],
      ['c', 20, 'base'],
      ['d', 40, 'child'],
    ]);
    expect(s.entries[0].target).toEqual({ type: 'fixed', value: 200 });
    expect(s.entries[1].target).toEqual({ type: 'fixed', value: 100 }); // from the KPI
    expect(s.chain).toEqual([
      { key: 'base', version: 1 },
      { key: 'child', version: 1 },
    ]);
    expect(s.ratingBands.map((b) => b.rating)).toEqual(['X', 'Y']);
  });

  it('an account override applies on top and must still sum to 100', () => {
    const ok = resolveScorecard('child', {
      templates: [base, child],
      kpis,
      override: { account: 'ACC-9', entries: [{ kpi: 'a', weight: 80 }], remove: ['d'] },
    });
    expect(ok.issues.map((i) => i.message.en)).toEqual([]);
    expect(ok.scorecard!.entries.map((e) => [e.kpi.key, e.weight, e.setBy])).toEqual([
      ['a', 80, 'account:ACC-9'],
      ['c', 20, 'base'],
    ]);
    expect(ok.scorecard!.account).toBe('ACC-9');
  });

  it.each([
    {
      name: 'weights not summing to 100 name the sum',
      templates: [
        template('t', [
          { kpi: 'a', weight: 50 },
          { kpi: 'b', weight: 45 },
        ]),
      ],
      key: 't',
      pointer: '/entries',
      message: 'Weights sum to 95, not 100 (a 50 + b 45)',
      zh: '权重合计为 95，应为 100（a 50 + b 45）',
    },
    {
      name: 'unknown KPI',
      templates: [
        template('t', [
          { kpi: 'a', weight: 50 },
          { kpi: 'zz', weight: 50 },
        ]),
      ],
      key: 't',
      pointer: '/entries/1/kpi',
      message: 'Unknown KPI zz',
      zh: '未知的指标 zz',
    },
    {
      name: 'unknown base',
      templates: [template('t', [{ kpi: 'a', weight: 100 }], { extends: 'nope' })],
      key: 't',
      pointer: '/extends',
      message: 'Unknown scorecard template nope',
      zh: '未知的考核模板 nope',
    },
    {
      name: 'inheritance cycle',
      templates: [template('t', [], { extends: 'u' }), template('u', [], { extends: 't' })],
      key: 't',
      pointer: '/extends',
      message: 'Template inheritance forms a cycle: t → u → t',
      zh: '模板继承存在循环：t → u → t',
    },
    {
      name: 'horizon balance',
      templates: [template('t', [{ kpi: 'a', weight: 100 }], { horizonBalance: { long: 30 } })],
      key: 't',
      pointer: '/horizonBalance',
      message: 'Long-horizon KPIs weigh 0, the balance asks for 30 (± 0)',
      zh: '长期指标权重为 0，应为 30（允许偏差 0）',
    },
    {
      name: 'a new entry without a weight',
      templates: [template('t', [{ kpi: 'a', weight: 100 }, { kpi: 'b' }])],
      key: 't',
      pointer: '/entries/1/weight',
      message: 'KPI b has no weight',
      zh: '指标 b 缺少权重',
    },
    {
      name: 'removing a KPI the base does not have',
      templates: [base, template('t', [], { extends: 'base', remove: ['d'] })],
      key: 't',
      pointer: '/remove/0',
      message: 'Cannot remove d: the base template does not have it',
      zh: '要移除的指标 d 不在基础模板中',
    },
  ])('$name', (r) => {
    const res = resolveScorecard(r.key, { templates: r.templates, kpis });
    expect(res.issues).toContainEqual(
      expect.objectContaining({ pointer: r.pointer, message: { en: r.message, 'zh-CN': r.zh } }),
    );
  });
});

describe('KPI library validation', () => {
  it.each([
    {
      name: 'cycles among KPI formulas',
      kpis: [
        kpi('x', { formula: '@y + 1' }),
        kpi('y', { formula: '@x * 2' }),
        kpi('z', { formula: 'revenue' }),
      ],
      expected: [
        { pointer: '/0/formula', en: 'KPI formulas refer to each other in a cycle: @x → @y → @x' },
        { pointer: '/1/formula', en: 'KPI formulas refer to each other in a cycle: @x → @y → @x' },
      ],
    },
    {
      name: 'reference to an unknown KPI',
      kpis: [kpi('x', { formula: '@nope + 1' })],
      expected: [{ pointer: '/0/formula', en: 'Formula error (column 1): Unknown formula @nope' }],
    },
    {
      name: 'unknown metric when the metric list is given',
      kpis: [kpi('x', { formula: 'revenu * 2' })],
      metrics: ['revenue'],
      expected: [{ pointer: '/0/formula', en: 'Formula error (column 1): Unknown field revenu' }],
    },
    {
      name: 'duplicate key',
      kpis: [kpi('x'), kpi('x')],
      expected: [{ pointer: '/1/key', en: 'KPI key x is used twice (also item 0)' }],
    },
    {
      name: 'a higher-is-better rule on a lower-is-better KPI',
      kpis: [kpi('x', { direction: 'lower' })],
      expected: [
        { pointer: '/0/scoring/type', en: 'This KPI is lower-is-better: use the lower_is_better rule' },
      ],
    },
    {
      name: 'step bands out of order',
      kpis: [
        kpi('x', {
          scoring: {
            type: 'step',
            bands: [
              { threshold: 5, score: 1 },
              { threshold: 3, score: 2 },
            ],
          },
        }),
      ],
      expected: [
        {
          pointer: '/0/scoring/bands/1/threshold',
          en: 'Band thresholds must be in strictly ascending order',
        },
      ],
    },
    {
      name: 'a scoring formula with an unknown field',
      kpis: [kpi('x', { scoring: { type: 'formula', formula: 'valu * 2' } })],
      expected: [{ pointer: '/0/scoring/formula', en: 'Scoring formula error: Unknown field valu' }],
    },
  ])('$name', (r) => {
    const issues = validateKpis(r.kpis, { metrics: r.metrics });
    expect(issues.map((i) => ({ pointer: i.pointer, en: i.message.en }))).toEqual(r.expected);
    for (const i of issues) expect(i.message['zh-CN']).not.toBe(i.message.en);
  });
});
