import { MULTINATIONAL_TEMPLATE, type ScorecardTemplate } from '@keyscore/scoring';
import {
  overrideIssues,
  parseTemplateRef,
  resolveAccountScorecard,
  templateFitsAccountType,
  templatePins,
  type PinnedTemplate,
} from './scorecard-template.util';

/** A published copy of the multinational template with revenue weighed 22 and profit 2 (12 and 12 built in). */
const copy: PinnedTemplate = {
  key: 'mn_2027',
  version: 3,
  contentHash: 'h',
  content: {
    ...MULTINATIONAL_TEMPLATE,
    key: 'mn_2027',
    entries: MULTINATIONAL_TEMPLATE.entries.map((e) =>
      e.kpi === 'key_account_revenue' ? { ...e, weight: 22 } : e.kpi === 'profit' ? { ...e, weight: 2 } : e,
    ),
  },
};
const weights = (r: ReturnType<typeof resolveAccountScorecard>) =>
  Object.fromEntries(r.scorecard!.entries.map((e) => [e.kpi.key, e.weight]));

describe('scorecard templates for accounts', () => {
  it.each([
    ['multinational', { key: 'multinational' }],
    ['mn_2027@3', { key: 'mn_2027', version: 3 }],
    ['Bad', null],
    ['mn@0', null],
    ['mn@', null],
    ['mn@1@2', null],
  ])('parseTemplateRef(%s)', (text, expected) => {
    expect(parseTemplateRef(text)).toEqual(expected);
  });

  it.each([
    ['multinational', 'multinational', true],
    ['multinational', 'local_enterprise', false],
    ['local_large_enterprise', 'local_enterprise', true],
    ['local_enterprise', 'local_enterprise', true],
    ['local_large_enterprise', 'multinational', false],
    ['key_account', 'multinational', false],
  ] as const)('a template for %s fits %s accounts: %s', (templateType, accountType, fits) => {
    const template = { ...copy.content, accountType: templateType } as ScorecardTemplate;
    expect(templateFitsAccountType(template, accountType)).toBe(fits);
  });

  it('resolves the built-in template of the type when nothing is pinned', () => {
    const r = resolveAccountScorecard({ accountType: 'local_enterprise' });
    expect(r.issues).toEqual([]);
    expect(r.scorecard!.template).toEqual({ key: 'local_large_enterprise', version: 1 });
  });

  it('resolves a pinned version through its base, naming the pinned version in the chain', () => {
    const r = resolveAccountScorecard({ accountType: 'multinational', template: copy });
    expect(r.issues).toEqual([]);
    expect(r.scorecard!.template).toEqual({ key: 'mn_2027', version: 3 });
    expect(r.scorecard!.chain).toEqual([
      { key: 'key_account_base', version: 1 },
      { key: 'mn_2027', version: 3 },
    ]);
    const builtin = weights(resolveAccountScorecard({ accountType: 'multinational' }));
    const pinned = weights(r);
    expect(pinned).toEqual({ ...builtin, key_account_revenue: 22, profit: 2 });
  });

  it('a pinned copy under a built-in key replaces that built-in, not its base', () => {
    const sameKey = { ...copy, key: 'multinational', content: { ...copy.content, key: 'multinational' } };
    const r = resolveAccountScorecard({ accountType: 'multinational', template: sameKey });
    expect(r.scorecard!.template).toEqual({ key: 'multinational', version: 3 });
    expect(weights(r).key_account_revenue).toBe(22);
  });

  it('applies an account override on top of the pinned template', () => {
    const r = resolveAccountScorecard({
      accountType: 'multinational',
      template: copy,
      override: {
        account: 'ACC1',
        entries: [
          { kpi: 'key_account_revenue', weight: 12 },
          { kpi: 'profit', weight: 12 },
        ],
      },
    });
    expect(r.issues).toEqual([]);
    expect(r.scorecard!.account).toBe('ACC1');
    const revenue = r.scorecard!.entries.find((e) => e.kpi.key === 'key_account_revenue')!;
    expect([revenue.weight, revenue.setBy]).toEqual([12, 'account:ACC1']);
  });

  it('an override that breaks the weight sum points at the override, in both languages', () => {
    const r = resolveAccountScorecard({
      accountType: 'multinational',
      override: { account: 'ACC1', entries: [{ kpi: 'profit', weight: 30 }] },
    });
    const issues = overrideIssues(r.issues, 'ACC1', '/body');
    expect(issues.map((i) => i.pointer)).toEqual(['/body/entries']);
    expect(issues[0]!.message.en).toMatch(/sum to 118/);
    expect(issues[0]!.message['zh-CN']).toMatch(/118/);
  });

  it('an override naming an unknown KPI points at its entry', () => {
    const r = resolveAccountScorecard({
      accountType: 'multinational',
      override: { account: 'ACC1', entries: [{ kpi: 'no_such_kpi', weight: 0 }] },
    });
    expect(r.scorecard).toBeNull();
    expect(overrideIssues(r.issues, 'ACC1', '/body').map((i) => i.pointer)).toEqual(['/body/entries/0/kpi']);
  });

  it('is deterministic: the same pinned version and override give the same scorecard', () => {
    const a = resolveAccountScorecard({ accountType: 'multinational', template: copy });
    const b = resolveAccountScorecard({ accountType: 'multinational', template: structuredClone(copy) });
    expect(JSON.stringify(a.scorecard)).toBe(JSON.stringify(b.scorecard));
  });

  it('a cycle stores key and version per account type, not the content', () => {
    expect(templatePins({ multinational: copy })).toEqual({ multinational: { key: 'mn_2027', version: 3 } });
    expect(templatePins({})).toEqual({});
  });
});
