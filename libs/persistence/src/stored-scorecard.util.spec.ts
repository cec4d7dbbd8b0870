import { storedScorecard } from './stored-scorecard.util';

describe('storedScorecard', () => {
  const definitions = JSON.stringify({
    revenue: { kpi: 'revenue', weight: 60, name: { en: 'Revenue', 'zh-CN': '收入' } },
    nps: { kpi: 'nps', weight: 40, name: { en: 'NPS', 'zh-CN': '净推荐值' } },
  });

  it('puts each KPI definition back right after its key, as the scoring engine returned it', () => {
    const stored = JSON.stringify({
      score: 88,
      kpis: [
        { kpi: 'revenue', score: 90 },
        { kpi: 'nps', score: 85 },
      ],
    });
    const card = storedScorecard(stored, 'h1', definitions) as { kpis: Record<string, unknown>[] };
    expect(card).toEqual({
      score: 88,
      kpis: [
        { kpi: 'revenue', definition: JSON.parse(definitions).revenue, score: 90 },
        { kpi: 'nps', definition: JSON.parse(definitions).nps, score: 85 },
      ],
    });
    expect(Object.keys(card.kpis[0]!)).toEqual(['kpi', 'definition', 'score']);
  });

  it('returns a scorecard stored with its definitions inline as it is', () => {
    const inline = { score: 70, kpis: [{ kpi: 'revenue', definition: { weight: 100 }, score: 70 }] };
    expect(storedScorecard(JSON.stringify(inline), null, null)).toEqual(inline);
  });

  it('refuses a scorecard whose named definition set is missing', () => {
    expect(() => storedScorecard(JSON.stringify({ kpis: [] }), 'h1', undefined)).toThrow(/h1 are missing/);
  });
});
