import {
  datasetVersion,
  filtersKey,
  LruCache,
  viewerKey,
  widgetCacheKey,
  type DataVersions,
} from './result-cache';

const versions: DataVersions = { directory: 1, metrics: 2, scores: 3, cycles: 4, documents: 5, surveys: 6 };
const key = (over: Partial<Parameters<typeof widgetCacheKey>[0]> = {}) =>
  widgetCacheKey({
    dashboard: 'overview@1',
    widget: '0.revenue',
    filters: filtersKey({ period: '2026-Q3', region: null }),
    viewer: viewerKey({ all: true, personIds: [], seeSealed: true }),
    dataVersion: datasetVersion('metric_values', versions),
    ...over,
  });

describe('widget cache keys', () => {
  it('are the same for the same dashboard version, filters (in any order), viewer and data', () => {
    expect(filtersKey({ region: 'east', period: '2026-Q3', person: '' })).toBe(
      filtersKey({ period: '2026-Q3', region: 'east' }),
    );
    expect(key()).toBe(key());
  });

  it.each([
    ['another dashboard version', { dashboard: 'overview@2' }],
    ['a draft', { dashboard: 'overview@draft.7' }],
    ['other filters', { filters: filtersKey({ period: '2026-Q2' }) }],
    ['another viewer', { viewer: viewerKey({ all: false, personIds: ['p1'], seeSealed: false }) }],
    ['sealed values hidden', { viewer: viewerKey({ all: true, personIds: [], seeSealed: false }) }],
    ['changed data', { dataVersion: datasetVersion('metric_values', { ...versions, metrics: 9 }) }],
  ])('differ for %s', (_what, over) => {
    expect(key(over)).not.toBe(key());
  });

  it('follow only the scopes a dataset reads', () => {
    expect(datasetVersion('metric_values', { ...versions, cycles: 99 })).toBe(
      datasetVersion('metric_values', versions),
    );
    expect(datasetVersion('kpi_scores', { ...versions, scores: 99 })).not.toBe(
      datasetVersion('kpi_scores', versions),
    );
  });

  it('are the same for a viewer whatever the order of their people', () => {
    expect(viewerKey({ all: false, personIds: ['b', 'a'], seeSealed: false })).toBe(
      viewerKey({ all: false, personIds: ['a', 'b'], seeSealed: false }),
    );
  });

  it('are absent when the data version is unknown: such results are never cached', () => {
    expect(key({ dataVersion: null })).toBeNull();
  });
});

describe('LruCache', () => {
  it('drops the least recently used entry beyond its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
  });
});
