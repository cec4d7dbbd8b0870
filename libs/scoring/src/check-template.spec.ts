import { MULTINATIONAL_TEMPLATE } from './builtin/builtin-templates';
import { checkScorecardTemplate } from './check-template.util';
import type { ScorecardTemplate } from './template.schema';

const copy = (changes: Partial<ScorecardTemplate> = {}): ScorecardTemplate => ({
  ...structuredClone(MULTINATIONAL_TEMPLATE),
  key: 'multinational_2027',
  ...changes,
});

describe('checking a scorecard template against the library', () => {
  it('accepts a copy of a built-in template', () => {
    expect(checkScorecardTemplate(copy())).toEqual([]);
  });

  it('reports weights that do not sum to 100 at /entries, in both languages', () => {
    const entries = copy().entries.map((e) => (e.kpi === 'profit' ? { ...e, weight: 7 } : e));
    expect(checkScorecardTemplate(copy({ entries }))).toEqual([
      {
        pointer: '/entries',
        message: {
          en: expect.stringMatching(/^Weights sum to 95, not 100/),
          'zh-CN': expect.stringMatching(/^权重合计为 95，应为 100/),
        },
      },
    ]);
  });

  const base = copy();
  it.each([
    [
      'an unknown KPI',
      copy({ entries: [...base.entries, { kpi: 'nps', weight: 0 }] }),
      `/entries/${base.entries.length}/kpi`,
    ],
    ['an unknown base', copy({ extends: 'nowhere' }), '/extends'],
    ['removing a KPI the base lacks', copy({ remove: ['nps'] }), '/remove/0'],
    [
      'rating bands out of order',
      copy({
        ratingBands: [
          { rating: 'A', min: 60 },
          { rating: 'B', min: 80 },
        ],
      }),
      '/ratingBands/1/min',
    ],
  ])('points at %s', (_what, template, at) => {
    expect(checkScorecardTemplate(template).map((i) => i.pointer)).toContain(at);
  });

  it('checks the horizon balance of the resolved scorecard', () => {
    const entries = copy().entries.map((e) =>
      e.kpi === 'cultural_adaptation' ? { ...e, weight: 0 } : e.kpi === 'profit' ? { ...e, weight: 20 } : e,
    );
    expect(checkScorecardTemplate(copy({ entries })).map((i) => i.pointer)).toEqual(['/horizonBalance']);
  });
});
