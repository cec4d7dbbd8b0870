import { cycleInForce, scopeCovers, templatePinInForce, type QuarterCycle } from './template-in-force.util';

const account = { id: 'acc-1', accountType: 'multinational' as const, departmentId: 'dep-sales' };
const pins = (key: string, version: number) => JSON.stringify({ multinational: { key, version } });
const cycle = (id: string, over: Partial<QuarterCycle> = {}): QuarterCycle => ({
  id,
  status: 'running',
  launchedAt: '2026-04-01T00:00:00.000Z',
  scope: '{}',
  templates: null,
  ...over,
});

describe('the template in force for an account and quarter', () => {
  it.each([
    ['an empty scope', {}, true],
    ['its type', { accountTypes: ['multinational'] }, true],
    ['another type', { accountTypes: ['local_enterprise'] }, false],
    ["its manager's department", { departmentIds: ['dep-sales'] }, true],
    ['another department', { departmentIds: ['dep-support'] }, false],
    ['it by id', { accountIds: ['acc-1', 'acc-2'] }, true],
    ['other accounts only', { accountIds: ['acc-2'] }, false],
    ['its type but other accounts', { accountTypes: ['multinational'], accountIds: ['acc-2'] }, false],
  ])('a scope naming %s covers it: %s', (_, scope, covers) => {
    expect(scopeCovers(JSON.stringify(scope), account)).toBe(covers);
  });

  it('with no cycle, or only drafts, the built-in template counts', () => {
    expect(templatePinInForce(account, [], new Map())).toBeNull();
    expect(
      templatePinInForce(account, [cycle('d', { status: 'draft', templates: pins('t', 1) })], new Map()),
    ).toBeNull();
  });

  it('a running cycle that covers the account gives its pin; one that does not, nothing', () => {
    const covering = cycle('a', { templates: pins('mn_2027', 2) });
    const other = cycle('b', { scope: JSON.stringify({ accountIds: ['acc-9'] }), templates: pins('x', 1) });
    expect(templatePinInForce(account, [covering, other], new Map())).toEqual({ key: 'mn_2027', version: 2 });
    expect(templatePinInForce(account, [other], new Map())).toBeNull();
  });

  it('a cycle without a pin for the type scores with the built-in template', () => {
    const local = cycle('a', { templates: JSON.stringify({ local_enterprise: { key: 'le', version: 1 } }) });
    expect(templatePinInForce(account, [local], new Map())).toBeNull();
  });

  it('a stored score decides: a closed cycle before a later running one, whatever the order read', () => {
    const closed = cycle('z', {
      status: 'closed',
      launchedAt: '2026-04-01T00:00:00.000Z',
      templates: pins('c', 1),
    });
    const later = cycle('a', { launchedAt: '2026-05-01T00:00:00.000Z', templates: pins('r', 4) });
    for (const order of [
      [closed, later],
      [later, closed],
    ])
      expect(
        cycleInForce(
          account,
          order,
          new Map([
            ['z', 'score-z'],
            ['a', 'score-a'],
          ]),
        )?.id,
      ).toBe('z');
  });

  it("among cycles with stored scores, the latest launched, then the greater score id (the dashboards' choice)", () => {
    const early = cycle('b', { launchedAt: '2026-04-01T00:00:00.000Z' });
    const late = cycle('a', { launchedAt: '2026-04-02T00:00:00.000Z' });
    const twin = cycle('c', { launchedAt: '2026-04-02T00:00:00.000Z' });
    expect(
      cycleInForce(
        account,
        [early, late],
        new Map([
          ['a', 'score-a'],
          ['b', 'score-b'],
        ]),
      )?.id,
    ).toBe('a');
    const scores = new Map([
      ['a', 'score-9'],
      ['b', 'score-2'],
      ['c', 'score-1'],
    ]);
    expect(cycleInForce(account, [twin, late, early], scores)?.id).toBe('a');
  });

  it('among running cycles without a score, the latest launched, then the greater cycle id', () => {
    const one = cycle('a', { templates: pins('x', 1) });
    const two = cycle('b', { templates: pins('y', 1) });
    expect(templatePinInForce(account, [two, one], new Map())).toEqual({ key: 'y', version: 1 });
  });

  it('a stored score counts even when the scope no longer covers the account', () => {
    const moved = cycle('a', { scope: JSON.stringify({ accountIds: ['acc-9'] }), templates: pins('m', 1) });
    expect(templatePinInForce(account, [moved], new Map([['a', 'score-a']]))).toEqual({
      key: 'm',
      version: 1,
    });
  });
});
