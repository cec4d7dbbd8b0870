import { buildDependencyGraph } from './dependency-graph';
import { check } from './check';
import { CompiledFormula, compile } from './compile';
import { DIAGNOSTIC_MESSAGES } from './messages';

describe('check', () => {
  it('reports unknown fields with position and messages in both languages', () => {
    const r = check('SUM(revenu) + [销售额]', ['revenue', '销售额'], { locale: 'zh-CN' });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      code: 'unknown-field',
      line: 1,
      column: 5,
      length: 6,
      text: '未知字段 revenu',
    });
    expect(r.diagnostics[0].message.en).toBe('Unknown field revenu');
  });

  it.each([
    ['FOO(1)', 'unknown-function'],
    ['ROUND(1)', 'arity'],
    ['IFS(TRUE)', 'arity'],
    ['@missing', 'unknown-formula'],
    ['[constructor]', 'reserved-name'],
  ])('%s → %s', (text, code) => {
    const r = check(text, [], { formulas: ['known'] });
    expect(r.diagnostics.map((d) => d.code)).toContain(code);
  });

  it('infers the result type', () => {
    expect(check('revenue / target', { revenue: 'number', target: 'number' }).type).toBe('number');
    expect(check('"a" & 1').type).toBe('text');
    expect(check('a > 1').type).toBe('boolean');
    expect(check('IF(a, "x", "y")').type).toBe('text');
    expect(check('IF(a, 1, "y")').type).toBe('any');
    expect(check('DATE(2024, 1, 1)').type).toBe('date');
    expect(check('EDATE(d, 1) + 1').type).toBe('date');
  });

  it('lists dependencies: fields, formulas and functions', () => {
    const r = check('求和(revenue) / @target_kpi + ROUND([Repeat orders], 1) + revenue');
    expect(r.dependencies).toEqual({
      fields: ['revenue', 'Repeat orders'],
      formulas: ['target_kpi'],
      functions: ['SUM', 'ROUND'],
    });
    expect(r.usesAggregates).toBe(true);
  });

  it('in aggregate mode, fields must be inside an aggregate function', () => {
    expect(check('SUM(revenue) / target', undefined, { mode: 'aggregate' }).diagnostics[0].code).toBe(
      'field-outside-aggregate',
    );
    expect(check('SUM(revenue) / SUM(target)', undefined, { mode: 'aggregate' }).ok).toBe(true);
  });

  it('warns about text literals used as numbers', () => {
    const r = check('"abc" * 2');
    expect(r.ok).toBe(true);
    expect(r.diagnostics[0]).toMatchObject({ code: 'operand-type', severity: 'warning' });
  });

  it('every diagnostic message exists in English and Chinese', () => {
    for (const m of Object.values(DIAGNOSTIC_MESSAGES)) {
      expect(m.en.length).toBeGreaterThan(0);
      expect(m['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('compile cache and references', () => {
  it('caches parses by text', () => {
    expect(compile('1 + 1')).toBe(compile('1 + 1'));
  });

  it('evaluates @references to other formulas, compiled or as text', () => {
    const formulas = new Map<string, CompiledFormula | string>([
      ['growth', compile('(revenue - lastRevenue) / lastRevenue')],
      ['score', '如果(@growth >= 0.2, 100, @growth / 0.2 * 100)'],
    ]);
    expect(compile('@score').evaluate({ revenue: 110, lastRevenue: 100 }, { formulas })).toBeCloseTo(50, 10);
    expect(compile('@nope').evaluate({}, { formulas })).toMatchObject({ code: '#REF!' });
  });
});

describe('dependency graph', () => {
  it('orders formulas so that each comes after what it refers to', () => {
    const g = buildDependencyGraph({ total: '@a + @b', a: '@base * 2', b: '@base + 1', base: 'revenue' });
    expect(g.cycles).toEqual([]);
    const pos = (n: string) => g.order.indexOf(n);
    expect(pos('base')).toBeLessThan(pos('a'));
    expect(pos('a')).toBeLessThan(pos('total'));
    expect(pos('b')).toBeLessThan(pos('total'));
    expect(g.dependentsOf('base')).toEqual(expect.arrayContaining(['a', 'b', 'total']));
    expect(g.dependentsOf('base').at(-1)).toBe('total');
  });

  it('detects cycles, self references and missing names; cyclic formulas and their dependents are left out', () => {
    const g = buildDependencyGraph(
      new Map([
        ['x', '@y'],
        ['y', '@x'],
        ['s', '@s + 1'],
        ['d', '@x + 1'],
        ['ok', '@ghost + 1'],
      ]),
    );
    expect(g.cycles).toEqual([['x', 'y'], ['s']]);
    expect(g.order).toEqual(['ok']);
    expect(g.missing.get('ok')).toEqual(['ghost']);
  });

  it('handles long chains without recursion limits', () => {
    const f: Record<string, string> = { k0: '1' };
    for (let i = 1; i < 20_000; i++) f[`k${i}`] = `@k${i - 1}`;
    const g = buildDependencyGraph(f);
    expect(g.order[0]).toBe('k0');
    expect(g.order).toHaveLength(20_000);
  });
});
