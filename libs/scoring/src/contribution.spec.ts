import { ContributionSplit, rollUpContributions, validateSplit } from './contribution.util';

const scores = [
  { account: 'A', period: '2026-Q2', score: 90 },
  { account: 'B', period: '2026-Q2', score: 60 },
  { account: 'C', period: '2026-Q2', score: null },
];

describe('contribution split', () => {
  const splits: ContributionSplit[] = [
    {
      account: 'A',
      period: '2026-Q2',
      mode: 'split',
      shares: [
        { person: 'li', department: 'sales', percent: 60 },
        { person: 'wang', department: 'after_sales', percent: 25 },
        { person: 'zhao', department: 'tech_support', percent: 15 },
      ],
    },
    {
      account: 'B',
      period: '2026-Q2',
      mode: 'split',
      shares: [
        { person: 'li', department: 'sales', percent: 20 },
        { person: 'wang', department: 'after_sales', percent: 80 },
      ],
    },
    {
      account: 'C',
      period: '2026-Q2',
      mode: 'split',
      shares: [{ person: 'li', department: 'sales', percent: 100 }],
    },
  ];
  const result = rollUpContributions(scores, splits);

  it.each([
    // li: (60×90 + 20×60) / 80 = 82.5; C has no score and is left out, not counted as zero.
    { id: 'li', score: 82.5, credit: 0.8, unscored: ['C@2026-Q2'] },
    // wang: (25×90 + 80×60) / 105 = 67.142857…
    { id: 'wang', score: 67.14, credit: 1.05, unscored: [] },
    { id: 'zhao', score: 90, credit: 0.15, unscored: [] },
  ])('a person’s score is the credit-weighted combination of their accounts: $id', (r) => {
    const p = result.people.find((x) => x.id === r.id)!;
    expect(p.score).toBe(r.score);
    expect(p.credit).toBeCloseTo(r.credit, 12);
    expect(p.unscored).toEqual(r.unscored);
  });

  it.each([
    { id: 'sales', score: 82.5 },
    { id: 'after_sales', score: 67.14 },
    { id: 'tech_support', score: 90 },
  ])('department $id', (r) => {
    expect(result.departments.find((d) => d.id === r.id)!.score).toBe(r.score);
  });

  it('does not depend on input order', () => {
    const again = rollUpContributions([...scores].reverse(), [...splits].reverse());
    expect(again.people.map((p) => [p.id, p.score])).toEqual(result.people.map((p) => [p.id, p.score]));
  });

  it.each([
    {
      name: 'shares summing to 90 are an error naming the sum',
      split: {
        mode: 'split',
        shares: [
          { person: 'a', department: 'd', percent: 50 },
          { person: 'b', department: 'd', percent: 40 },
        ],
      },
      message: 'The shares of A in 2026-Q2 sum to 90%, not 100%',
    },
    {
      name: 'a person twice',
      split: {
        mode: 'split',
        shares: [
          { person: 'a', department: 'd', percent: 50 },
          { person: 'a', department: 'd', percent: 50 },
        ],
      },
      message: 'a appears twice',
    },
    {
      name: 'an overlay above its cap',
      split: { mode: 'overlay', overlayCap: 50, shares: [{ person: 'a', department: 'd', percent: 60 }] },
      message: 'An overlay percent must be above 0 and at most 50%',
    },
  ])('$name', (r) => {
    const issues = validateSplit({ account: 'A', period: '2026-Q2', ...r.split } as ContributionSplit);
    expect(issues.map((i) => i.message.en)).toContain(r.message);
    expect(issues.every((i) => i.message['zh-CN'].length > 0)).toBe(true);
  });

  it('an invalid split is reported by pointer and left out', () => {
    const r = rollUpContributions(scores, [
      {
        account: 'A',
        period: '2026-Q2',
        mode: 'split',
        shares: [{ person: 'x', department: 'd', percent: 99 }],
      },
    ]);
    expect(r.issues[0].pointer).toBe('/0/shares');
    expect(r.people).toEqual([]);
  });

  it('overlays: sales 100 and technical support overlaid at 50 both get full credit weight', () => {
    const r = rollUpContributions(scores, [
      {
        account: 'A',
        period: '2026-Q2',
        mode: 'overlay',
        overlayCap: 100,
        shares: [
          { person: 'li', department: 'sales', percent: 100 },
          { person: 'zhao', department: 'tech_support', percent: 50 },
        ],
      },
      {
        account: 'B',
        period: '2026-Q2',
        mode: 'overlay',
        shares: [{ person: 'zhao', department: 'tech_support', percent: 100 }],
      },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.people.find((p) => p.id === 'li')!.score).toBe(90);
    // zhao: (50×90 + 100×60) / 150 = 70
    expect(r.people.find((p) => p.id === 'zhao')!.score).toBe(70);
  });
});
