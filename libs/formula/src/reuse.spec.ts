import fc from 'fast-check';
import { evaluateColumns, keptPlans, tableFromRows } from './columnar';
import { CompiledFormula, compile, compileUncached } from './compile';
import { LIMIT, REF } from './errors';
import { BUILTIN_FUNCTIONS, FunctionRegistry } from './functions/registry';
import { FunctionDef, p } from './functions/types';
import { Value, sameValue } from './value';

/**
 * `evaluate` reuses its evaluation state and `evaluateColumns` its plan (built once per compiled formula,
 * bound to each table): a reused state or plan must give what a fresh one gives, and nothing of one call
 * (rows, lanes, memo, today, step limit) may show in the next.
 */

const valueArb = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom('abc', '12', 'TRUE') },
  { weight: 1, arbitrary: fc.boolean() },
);
/** Rows that sometimes lack a field (#REF! on both paths) and tables of 1 to several chunks. */
const tableArb = fc
  .tuple(
    fc.array(fc.record({ a: valueArb, b: valueArb, c: valueArb }), { minLength: 1, maxLength: 6 }),
    fc.integer({ min: 1, max: 900 }),
    fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
  )
  .map(([pattern, repeat, fields]) => ({
    rows: Array.from({ length: pattern.length * repeat }, (_, i) => pattern[i % pattern.length]),
    fields,
  }));

const FORMULAS = [
  'IF(a < b, 100 - (b - a) * 400, IF(ISBLANK(c), 100, IF(a >= c, 100 + MIN(20, (a - c) * 400), 90)))',
  'IF(a = 0, 1, b / a) + IFERROR(c / a, -1)',
  'IFS(a > 0, a, b > 0, b, TRUE, c) & "x"',
  'MIN(a, b) * MAX(0, c) + ROUND(a, 1) + AND(a, b)',
  '(a - b) / b + (a - b) / b',
];

function columnValues(f: CompiledFormula, rows: object[], fields: string[]): Value[] {
  return evaluateColumns(f, tableFromRows(rows as Record<string, unknown>[], fields)).toArray();
}

function rowValues(rows: object[], fields: string[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(fields.map((k) => [k, (r as Record<string, unknown>)[k]])));
}

function expectSame(actual: readonly Value[], expected: readonly Value[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => {
    if (!sameValue(v, expected[i])) throw new Error(`row ${i}: ${String(v)} ≠ ${String(expected[i])}`);
  });
}

describe('a reused columnar plan', () => {
  it.each(FORMULAS)('gives what a fresh plan and the row path give, table after table: %s', (text) => {
    const reused = compileUncached(text);
    fc.assert(
      fc.property(fc.array(tableArb, { minLength: 2, maxLength: 4 }), (tables) => {
        for (const { rows, fields } of tables) {
          const got = columnValues(reused, rows, fields);
          expectSame(got, columnValues(compileUncached(text), rows, fields));
          const rowTable = rowValues(rows, fields);
          expectSame(
            got,
            rowTable.map((r) => reused.evaluate(r)),
          );
        }
      }),
      { numRuns: 25 },
    );
  });

  it('never shows lanes of an earlier table, and leaves earlier results untouched', () => {
    const f = compile('IF(a > 0, a * 2, b)');
    const first = evaluateColumns(f, {
      length: 3,
      columns: { a: new Float64Array([1, 2, 3]), b: new Float64Array(3) },
    });
    const firstValues = first.toArray();
    // Same length, other values; then a table without `a` (#REF!), then a shorter one.
    expect(
      evaluateColumns(f, {
        length: 3,
        columns: { a: new Float64Array([-1, 5, -1]), b: new Float64Array([7, 8, 9]) },
      }).toArray(),
    ).toEqual([7, 10, 9]);
    expect(evaluateColumns(f, { length: 3, columns: { b: new Float64Array([7, 8, 9]) } }).toArray()).toEqual([
      REF,
      REF,
      REF,
    ]);
    expect(evaluateColumns(f, { length: 1, columns: { a: [4], b: [0] } }).toArray()).toEqual([8]);
    expect(first.toArray()).toEqual(firstValues);
    expect(firstValues).toEqual([2, 4, 6]);
  });

  it('takes today and the step limit from each call', () => {
    const f = compile('TODAY() + a');
    const table = { length: 2, columns: { a: new Float64Array([1, 2]) } };
    expect(evaluateColumns(f, table, { today: 100 }).toArray()).toEqual([101, 102]);
    expect(evaluateColumns(f, table, { today: '1900-01-10' }).toArray()).toEqual([11, 12]);
    expect(evaluateColumns(f, table, { limits: { maxSteps: 3 } }).toArray()).toEqual([LIMIT, LIMIT]);
    expect(evaluateColumns(f, table, { today: 100 }).toArray()).toEqual([101, 102]);
  });

  it('keeps a bounded number of plan nodes, and a large plan is built per call with the same results', () => {
    const table = tableFromRows([
      { a: 1.5, b: -2 },
      { a: 0, b: 3 },
    ]);
    for (let i = 0; i < 300; i++) {
      const f = compileUncached(`IF(a > ${i}, a * ${i} + b, b - ${i})`);
      expect(evaluateColumns(f, table).toArray()).toEqual([
        1.5 > i ? 1.5 * i - 2 : -2 - i,
        0 > i ? 3 : 3 - i,
      ]);
      expect(keptPlans().nodes).toBeLessThanOrEqual(512);
    }
    expect(keptPlans().plans).toBeGreaterThan(10);
    const terms = Array.from({ length: 150 }, (_, i) => `a * ${i}`).join(', ');
    const big = compileUncached(`SUM(${terms}) + b`);
    const before = keptPlans();
    const expected = Array.from({ length: 150 }, (_, i) => i).reduce((s, i) => s + 1.5 * i, 0) - 2;
    expect(evaluateColumns(big, table).get(0)).toBeCloseTo(expected, 9);
    expect(evaluateColumns(big, table).get(0)).toBe(evaluateColumns(big, table).get(0));
    expect(keptPlans().plans).toBe(before.plans);
  });

  it('follows what @names refer to at each call (such plans are not kept)', () => {
    const f = compile('@x * 2');
    const table = { length: 1, columns: { a: new Float64Array([5]) } };
    expect(evaluateColumns(f, table, { formulas: { x: 'a + 1' } }).toArray()).toEqual([12]);
    expect(evaluateColumns(f, table, { formulas: { x: 'a - 1' } }).toArray()).toEqual([8]);
    expect(evaluateColumns(f, table).toArray()).toEqual([REF]);
  });
});

describe('the reused row evaluation state', () => {
  it('reads only the row of the call (object or Map, a field missing is #REF!)', () => {
    const f = compile('a + b');
    expect(f.evaluate({ a: 1, b: 2 })).toBe(3);
    expect(f.evaluate(new Map([['a', 10]]))).toBe(REF);
    expect(
      f.evaluate(
        new Map<string, unknown>([
          ['a', 10],
          ['b', 5],
        ]),
      ),
    ).toBe(15);
    expect(f.evaluate({ b: 2 })).toBe(REF);
    expect(f.evaluate({ a: null, b: 2 })).toBe(2);
  });

  it('takes today, the step limit and @names from each call, with no memo carried over', () => {
    const f = compile('TODAY() + @x + @x');
    const formulas = new Map<string, string>([['x', 'a']]);
    expect(f.evaluate({ a: 1 }, { today: 10, formulas })).toBe(12);
    expect(f.evaluate({ a: 2 }, { today: 10, formulas })).toBe(14);
    formulas.set('x', 'a * 10');
    expect(f.evaluate({ a: 2 }, { today: 10, formulas })).toBe(50);
    expect(f.evaluate({ a: 2 }, { today: '1900-01-05', formulas })).toBe(45);
    expect(f.evaluate({ a: 2 }, { today: new Date(Date.UTC(1900, 0, 3)), formulas })).toBe(43);
    expect(f.evaluate({ a: 2 }, { today: 10, formulas, limits: { maxRowSteps: 2 } })).toBe(LIMIT);
    expect(f.evaluate({ a: 2 }, { today: 10, formulas: { x: 'a' } })).toBe(14);
    expect(compile('TODAY()').evaluate({ a: 2 })).toEqual(compileUncached('TODAY()').evaluate({}));
  });

  it('gives the row results on every call (fast-check, one compiled formula for all rows)', () => {
    const reused = compile(FORMULAS[0]);
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: valueArb, b: valueArb, c: valueArb }), { maxLength: 20 }),
        (rows) => {
          for (const r of rows)
            if (!sameValue(reused.evaluate(r), compileUncached(FORMULAS[0]).evaluate(r)))
              throw new Error(JSON.stringify(r));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('an evaluation started inside another of the same formula', () => {
  // AGAIN(n) evaluates the formula under test again for n − 1: calls nest while the outer one runs.
  let f: CompiledFormula;
  const again = (nested: (n: number) => Value): FunctionDef => ({
    name: 'AGAIN',
    kind: 'scalar',
    category: 'math',
    params: [p('n', 'number', 'n', 'n')],
    result: 'number',
    description: { en: 'test', 'zh-CN': '测试' },
    fn: ([n]) => ((n as number) > 0 ? nested(n as number) : 0),
  });

  it('on the row path leaves the outer evaluation its own row and argument thunks', () => {
    const registry = new FunctionRegistry([...BUILTIN_FUNCTIONS, again((n) => f.evaluate({ n: n - 1 }))]);
    // The condition runs the nested evaluation; the chosen branch then reads the outer row.
    f = compileUncached('IF(AGAIN(n) >= 0, n + MIN(n, 100), -1)', { registry });
    expect(f.evaluate({ n: 3 })).toBe(6);
    expect(f.evaluate({ n: 1 })).toBe(2);
  });

  it('on the row path leaves the outer call its own arguments', () => {
    // TWICE(n, m) = f(n − 1) + m, reading m after the nested evaluation has run the same call.
    const twice: FunctionDef = {
      name: 'TWICE',
      kind: 'scalar',
      category: 'math',
      result: 'number',
      description: { en: 'test', 'zh-CN': '测试' },
      params: [p('n', 'number', 'n', 'n'), p('m', 'number', 'm', 'm')],
      fn: (args: readonly Value[]) => {
        const n = args[0] as number;
        if (n <= 0) return 0;
        const inner = f.evaluate({ n: n - 1 });
        return (inner as number) + (args[1] as number);
      },
    };
    f = compileUncached('TWICE(n, n * 10) + n', {
      registry: new FunctionRegistry([...BUILTIN_FUNCTIONS, twice]),
    });
    // f(0) = 0, f(1) = 0 + 10 + 1, f(2) = 11 + 20 + 2, f(3) = 33 + 30 + 3.
    expect(f.evaluate({ n: 3 })).toBe(66);
  });

  it('on the columnar path plans for itself and leaves the outer plan bound to its table', () => {
    const registry = new FunctionRegistry([
      ...BUILTIN_FUNCTIONS,
      again((n) => evaluateColumns(f, tableFromRows([{ n: n - 1 }])).get(0)),
    ]);
    f = compileUncached('n + AGAIN(n)', { registry });
    expect(evaluateColumns(f, tableFromRows([{ n: 3 }, { n: 2 }, { n: 0 }])).toArray()).toEqual([6, 3, 0]);
    expect(evaluateColumns(f, tableFromRows([{ n: 4 }])).toArray()).toEqual([10]);
  });
});
