import { forcedDistribution, normaliseByReviewer } from './calibration.util';

describe('per-reviewer normalisation', () => {
  // A lenient reviewer (mean 90) and a strict one (mean 70), same spread.
  const items = [
    { id: 'a1', reviewer: 'lenient', score: 95 },
    { id: 'a2', reviewer: 'lenient', score: 85 },
    { id: 'b1', reviewer: 'strict', score: 75 },
    { id: 'b2', reviewer: 'strict', score: 65 },
  ];
  const r = normaliseByReviewer(items);

  it('rescales each reviewer’s z-scores to the population mean and sd', () => {
    // population mean 80, sd √125 ≈ 11.18; every group has z = ±1.
    expect(r.population.mean).toBe(80);
    expect(r.items.map((i) => i.after)).toEqual([91.18, 68.82, 91.18, 68.82]);
    expect(r.items.map((i) => i.z)).toEqual([1, -1, 1, -1]);
  });
  it('keeps the population mean', () => {
    const mean = r.items.reduce((s, i) => s + i.after, 0) / r.items.length;
    expect(mean).toBeCloseTo(80, 10);
  });
  it('a single-item reviewer is only shifted', () => {
    const s = normaliseByReviewer([...items, { id: 'c1', reviewer: 'solo', score: 50 }]);
    expect(s.reviewers.find((x) => x.reviewer === 'solo')!.method).toBe('shift');
    expect(s.items[4].z).toBeNull();
  });
  it('clamps when asked', () => {
    const s = normaliseByReviewer(items, { clamp: [0, 90] });
    expect(Math.max(...s.items.map((i) => i.after))).toBe(90);
  });
});

describe('forced distribution', () => {
  const quotas = [
    { rating: 'S', share: 10 },
    { rating: 'A', share: 20 },
    { rating: 'B', share: 40 },
    { rating: 'C', share: 20 },
    { rating: 'D', share: 10 },
  ];
  const items = Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, score: 99 - i * 2 }));
  const r = forcedDistribution(items, quotas);

  it('assigns ratings by rank within quotas, and shows quota vs natural counts', () => {
    expect(r.assignments.map((a) => a.rating).join('')).toBe('SAABBBBCCD');
    // Scores 99…81: by bands alone 3 S (≥95), 5 A (≥85), 2 B.
    expect(r.table).toEqual([
      { rating: 'S', quotaPercent: 10, quotaCount: 1, naturalCount: 3, assignedCount: 1 },
      { rating: 'A', quotaPercent: 20, quotaCount: 2, naturalCount: 5, assignedCount: 2 },
      { rating: 'B', quotaPercent: 40, quotaCount: 4, naturalCount: 2, assignedCount: 4 },
      { rating: 'C', quotaPercent: 20, quotaCount: 2, naturalCount: 0, assignedCount: 2 },
      { rating: 'D', quotaPercent: 10, quotaCount: 1, naturalCount: 0, assignedCount: 1 },
    ]);
  });
  it.each([
    { n: 7, counts: [1, 1, 3, 1, 1] },
    { n: 3, counts: [0, 1, 1, 1, 0] },
    { n: 0, counts: [0, 0, 0, 0, 0] },
  ])('quota counts add up to the population (n = $n, largest remainder)', ({ n, counts }) => {
    const rr = forcedDistribution(items.slice(0, n), quotas);
    expect(rr.table.map((t) => t.quotaCount)).toEqual(counts);
    expect(rr.assignments).toHaveLength(n);
  });
  it('quotas not summing to 100 are an error', () => {
    const rr = forcedDistribution(items, [{ rating: 'A', share: 50 }]);
    expect(rr.issues[0].message.en).toBe('Rating quotas sum to 50%, not 100%');
  });
  it('reports equal scores split by a boundary', () => {
    const rr = forcedDistribution(
      [
        { id: 'x', score: 90 },
        { id: 'y', score: 90 },
      ],
      [
        { rating: 'A', share: 50 },
        { rating: 'B', share: 50 },
      ],
    );
    expect(rr.boundaryTies).toEqual([{ between: ['A', 'B'], ids: ['x', 'y'] }]);
  });
});
