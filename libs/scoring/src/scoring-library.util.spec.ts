import { BUILTIN_KPIS } from './builtin/builtin-kpis';
import { MULTINATIONAL_TEMPLATE } from './builtin/builtin-templates';
import type { KpiDefinition } from './kpi.schema';
import { resolveScorecard } from './resolve-scorecard.util';
import { publishedPins, scoringLibrary } from './scoring-library.util';
import type { ScorecardTemplate } from './template.schema';

const profit = BUILTIN_KPIS.find((k) => k.key === 'profit')!;
const extra: KpiDefinition = { ...profit, key: 'net_margin', name: { 'zh-CN': '净利率', en: 'Net margin' } };
const base: ScorecardTemplate = { ...MULTINATIONAL_TEMPLATE, key: 'mn_base', version: undefined };
const child: ScorecardTemplate = {
  key: 'mn_child',
  name: { 'zh-CN': '子模板', en: 'Child' },
  accountType: 'multinational',
  extends: 'mn_base',
  entries: [
    { kpi: 'profit', weight: 2 },
    { kpi: 'net_margin', weight: 10 },
  ],
};

describe('the scoring library with published definitions', () => {
  it('is the built-in library when nothing is published', () => {
    const library = scoringLibrary();
    expect([...library.kpis.keys()]).toEqual(BUILTIN_KPIS.map((k) => k.key));
    expect(library.templates.get('multinational')).toBe(MULTINATIONAL_TEMPLATE);
  });

  it('adds published KPIs and templates, each with its published version; a published key replaces a built-in', () => {
    const library = scoringLibrary({
      kpis: [
        { key: 'net_margin', version: 3, content: extra },
        { key: 'profit', version: 2, content: { ...profit, unit: 'CNY k' } },
      ],
      templates: [{ key: 'mn_base', version: 4, content: base }],
    });
    expect(library.kpis.get('net_margin')).toMatchObject({ key: 'net_margin', version: 3 });
    expect(library.kpis.get('profit')).toMatchObject({ version: 2, unit: 'CNY k' });
    expect(library.templates.get('mn_base')).toMatchObject({ key: 'mn_base', version: 4 });
    expect(library.kpis.size).toBe(BUILTIN_KPIS.length + 1);
  });

  it('pins exactly the published definitions a scorecard uses: its published bases and KPIs, not built-ins', () => {
    const published = {
      kpis: [
        { key: 'net_margin', version: 3, content: extra },
        { key: 'unused_kpi', version: 1, content: { ...extra, key: 'unused_kpi' } },
      ],
      templates: [
        { key: 'mn_base', version: 4, content: base },
        { key: 'mn_other', version: 1, content: { ...base, key: 'mn_other' } },
      ],
    };
    const library = scoringLibrary(published);
    const templates = new Map(library.templates).set(child.key, child);
    const { scorecard, issues } = resolveScorecard(child.key, { templates, kpis: library.kpis });
    expect(issues).toEqual([]);
    expect(publishedPins(scorecard!, published)).toEqual([
      { kind: 'scorecard_template', key: 'mn_base', version: 4 },
      { kind: 'kpi', key: 'net_margin', version: 3 },
    ]);
  });
});
