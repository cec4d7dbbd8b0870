import { DEMO_PEOPLE, demoAccounts, demoMetricValues } from './demo-workspace';

describe('demo workspace', () => {
  const accounts = demoAccounts();

  it('has about 40 accounts of both types with unique codes', () => {
    expect(accounts).toHaveLength(40);
    expect(new Set(accounts.map((a) => a.code)).size).toBe(40);
    expect(accounts.filter((a) => a.accountType === 'multinational').length).toBe(16);
    expect(new Set(accounts.map((a) => a.region)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(accounts.map((a) => a.industry)).size).toBeGreaterThanOrEqual(6);
  });

  it('has 12 people whose managers exist', () => {
    const numbers = new Set(DEMO_PEOPLE.map((p) => p.employeeNo));
    expect(DEMO_PEOPLE).toHaveLength(12);
    for (const p of DEMO_PEOPLE) if (p.manager) expect(numbers.has(p.manager)).toBe(true);
  });

  it('is the same on every run (deterministic) and gives plausible numbers', () => {
    const first = demoMetricValues(accounts);
    expect(demoMetricValues(demoAccounts())).toEqual(first);
    expect(first).toHaveLength(40 * 3 * 6);
    for (const v of first) {
      expect(v.value).toBeGreaterThan(0);
      expect(Number.isInteger(v.value)).toBe(true);
    }
    const revenue = first.filter((v) => v.metricKey === 'revenue' && v.accountCode === accounts[0]!.code);
    const profit = first.filter((v) => v.metricKey === 'profit' && v.accountCode === accounts[0]!.code);
    profit.forEach((p, i) => expect(p.value).toBeLessThan(revenue[i]!.value));
  });
});
