import fc from 'fast-check';
import { aggregate, evaluateColumns, groupBy, tableFromRows } from './columnar';
import { compile } from './compile';
import { aggregateRows, groupByRows } from './evaluate-rows';
import { sameValue } from './value';

const valueArb = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom('abc', '12', '', 'TRUE', '2024-01-31') },
  { weight: 1, arbitrary: fc.boolean() },
);
const rowArb = fc.record({ a: valueArb, b: valueArb, c: valueArb, k: fc.constantFrom('x', 'y', 'z', 1) });

/** Formulas over the fast paths (arithmetic, comparisons, IF, MIN/MAX, numeric kernels) and the slow ones. */
const ROW_FORMULAS = [
  '(a - b) / b',
  'IF(a / b >= 1, 100, MAX(0, (a / b - 0.6) / 0.4 * 100))',
  '0.4*MIN(120, a/b*100) + 0.3*c + 0.2*(a/c*100) + 0.1*MIN(100, b/0.3*100)',
  'a ^ b',
  '-a% + +b',
  'a = b',
  'a <> b',
  'a < b',
  'ROUND(a, 2) + ABS(b) - MOD(a, 7)',
  'SQRT(a) + LN(b)',
  'MIN(a, b, c)',
  'SUM(a, b) + MAX(a, 1)',
  'IFERROR(a / b, -1)',
  'a & b',
  'IF(a > b, a, "no")',
  'AND(a, b)',
  'CLAMP(a, -10, 10) * 2',
  'LINEAR_SCORE(a, 0, 100, 150, 120)',
  'DIVIDE(a, b, 0)',
  // IF / IFS / IFERROR / AND / OR: errors, blanks and text in the condition or in either branch.
  'IF(a > 0, a / b, "neg")',
  'IF(a, b, c)',
  'IF(a / b > 1, 1 / 0, b)',
  'IF(a >= b, a + "x", -b)',
  'IF(a = 0, NA, a / c)',
  'IF(a > 0, b)',
  'IF(a > 0, TRUE, a < b)',
  'IF(a < 0, a, c) * 2',
  'IF(ISBLANK(a), "blank", a)',
  'IF(b >= 0, a, b) + IF(c > 0, 100, MAX(0, c * 2))',
  'IF(a > 1e300, 1, 2)',
  'IFERROR(a / b, "bad")',
  'IFERROR(a, b / c)',
  'IFERROR(1 / (a - a), a)',
  'IFERROR(IF(a > b, 1 / 0, a), c)',
  'IFS(a > 0, 1, b > 0, b / a, c, "c")',
  'IFS(a, b, TRUE, c)',
  'IFS(a > b, a)',
  'AND(a, b, c)',
  'OR(a > 0, b, c)',
  'OR(a)',
  'AND(a > 0, b < 0)',
  '0.1 * a + b / 0.3 * 100 - 2 / c',
  '1 - a < b * 2',
  '5 >= a',
  'MIN(100, a / 0.3 * 100) + MAX(a, 0) + MIN(a, -0)',
];

/** Rows where whole chunks agree or mix (IF takes one branch, or both): larger tables, more chunks. */
const longRowsArb = fc
  .tuple(
    fc.array(rowArb, { minLength: 1, maxLength: 8 }),
    fc.integer({ min: 1, max: 2500 }),
    fc.integer({ min: 0, max: 5000 }),
  )
  .map(([pattern, repeat, offset]) =>
    Array.from({ length: pattern.length * repeat + offset }, (_, i) =>
      i < pattern.length * repeat ? pattern[i % pattern.length] : pattern[0],
    ),
  );

const IF_FORMULAS = [
  'IF(a > 0, a / b, "neg")',
  'IF(a, b, c)',
  'IF(a / b > 1, 1 / 0, b)',
  'IFERROR(a / b, "bad")',
  'IFS(a > 0, 1, b > 0, b / a, c, "c")',
  'IF(a >= b, 100, MAX(0, (a / b - 0.6) / 0.4 * 100))',
];

describe('columnar fast paths give exactly the row results (fast-check)', () => {
  it.each(ROW_FORMULAS)('%s', (formula) => {
    const c = compile(formula);
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 40 }), (rows) => {
        const col = evaluateColumns(c, tableFromRows(rows, ['a', 'b', 'c', 'k']));
        rows.forEach((r, i) => {
          const expected = c.evaluate(r);
          const actual = col.get(i);
          if (!sameValue(actual, expected))
            throw new Error(`row ${i} ${JSON.stringify(r)}: ${String(actual)} ≠ ${String(expected)}`);
        });
      }),
      { numRuns: 150 },
    );
  });

  it.each(IF_FORMULAS)('%s over several chunks (uniform and mixed conditions)', (formula) => {
    const c = compile(formula);
    fc.assert(
      fc.property(longRowsArb, (rows) => {
        const col = evaluateColumns(c, tableFromRows(rows, ['a', 'b', 'c', 'k']));
        for (let i = 0; i < rows.length; i++) {
          const expected = c.evaluate(rows[i]);
          const actual = col.get(i);
          if (!sameValue(actual, expected))
            throw new Error(`row ${i} ${JSON.stringify(rows[i])}: ${String(actual)} ≠ ${String(expected)}`);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('typed-array numeric columns (with chunks larger than one block) match the row path', () => {
    const n = 5000;
    const a = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) - 300);
    const b = Float64Array.from({ length: n }, (_, i) => (i % 13) - 2);
    const c = compile('IF(a / b >= 1, 100, MAX(0, (a / b - 0.6) / 0.4 * 100))');
    const col = evaluateColumns(c, { length: n, columns: { a, b } });
    for (let i = 0; i < n; i++) expect(sameValue(col.get(i), c.evaluate({ a: a[i], b: b[i] }))).toBe(true);
  });
});

const AGG_FORMULAS = [
  'SUM(a) / SUM(b)',
  'AVERAGE(a)',
  'COUNT(a) + COUNTA(b)',
  'MIN(a) - MAX(b, c)',
  'SUM(a * 2, b)',
  'MEDIAN(a)',
  'STDEV.P(a)',
  'SUMIF(b, ">0", a)',
  'COUNTIFS(a, ">=0", b, "<>")',
  'SUMPRODUCT(a, b)',
  'IF(SUM(b) = 0, 0, SUM(a) / SUM(b))',
];

describe('aggregate and group-by (columnar) match the row reference', () => {
  it.each(AGG_FORMULAS)('%s', (formula) => {
    const c = compile(formula);
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), (rows) => {
        const table = tableFromRows(rows, ['a', 'b', 'c', 'k']);
        expect(sameValue(aggregate(c, table), aggregateRows(c, rows))).toBe(true);
        const fast = groupBy(c, table, 'k');
        const slow = groupByRows(c, rows, 'k');
        expect(fast.map((g) => [g.key, g.rows])).toEqual(slow.map((g) => [g.key, g.rows]));
        fast.forEach((g, i) => expect(sameValue(g.value, slow[i].value)).toBe(true));
        const fast2 = groupBy(c, table, ['k', 'b']);
        const slow2 = groupByRows(c, rows, ['k', 'b']);
        expect(fast2.map((g) => [g.key, g.rows])).toEqual(slow2.map((g) => [g.key, g.rows]));
        fast2.forEach((g, i) => expect(sameValue(g.value, slow2[i].value)).toBe(true));
      }),
      { numRuns: 100 },
    );
  });

  it('groups by several fields, in order of first appearance', () => {
    const rows = [
      { r: '华东', t: 'A', v: 1 },
      { r: '华北', t: 'A', v: 2 },
      { r: '华东', t: 'A', v: 3 },
      { r: '华东', t: 'B', v: 4 },
    ];
    const g = groupBy(compile('SUM(v)'), tableFromRows(rows), ['r', 't']);
    expect(g).toEqual([
      { key: ['华东', 'A'], value: 4, rows: 2 },
      { key: ['华北', 'A'], value: 2, rows: 1 },
      { key: ['华东', 'B'], value: 4, rows: 1 },
    ]);
  });

  it('groups by more fields than one safe integer can number (text keys instead)', () => {
    const fields = Array.from({ length: 60 }, (_, i) => `f${i}`);
    const row = (x: number) => ({ ...Object.fromEntries(fields.map((f) => [f, x])), v: x + 1 });
    const rows = [row(0), row(1), row(0)];
    const g = groupBy(compile('SUM(v)'), tableFromRows(rows), fields);
    expect(g.map((x) => [x.key[0], x.value, x.rows])).toEqual([
      [0, 2, 2],
      [1, 2, 1],
    ]);
  });

  it('an unknown column is #REF! on every row', () => {
    expect(evaluateColumns(compile('nope + 1'), tableFromRows([{ a: 1 }])).get(0)).toMatchObject({
      code: '#REF!',
    });
    expect(aggregate(compile('SUM(nope)'), tableFromRows([{ a: 1 }]))).toMatchObject({ code: '#REF!' });
  });
});

describe('tableFromRows', () => {
  const hostArb = fc.oneof(
    valueArb,
    fc.constantFrom(NaN, Infinity, -Infinity, -0, undefined, new Date(Date.UTC(2024, 0, 31)), BigInt(7)),
  );

  it('every field reads as the row path reads it (numbers, blanks, errors, text, dates, missing fields)', () => {
    const f = compile('a');
    fc.assert(
      fc.property(
        fc.array(fc.option(hostArb, { nil: undefined }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        (values, missing) => {
          const rows = values.map((a, i) =>
            missing[i] && i % 3 === 0
              ? new Map([['b', 1]])
              : missing[i]
                ? { b: 1 }
                : i % 2
                  ? new Map([['a', a]])
                  : { a },
          );
          const col = evaluateColumns(f, tableFromRows(rows, ['a']));
          rows.forEach((r, i) => {
            const expected = f.evaluate(r);
            if (!sameValue(col.get(i), expected) || Object.is(expected, -0) !== Object.is(col.get(i), -0))
              throw new Error(`row ${i}: ${String(col.get(i))} ≠ ${String(expected)}`);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads own properties only', () => {
    const proto = { a: 5 };
    const row = Object.create(proto) as Record<string, unknown>;
    row.b = 1;
    const table = tableFromRows([row, { a: 2, b: 1 }], ['a', 'b', '__proto__', 'constructor']);
    expect(evaluateColumns(compile('a'), table).toArray()).toEqual([
      expect.objectContaining({ code: '#REF!' }),
      2,
    ]);
    expect(evaluateColumns(compile('constructor'), table).get(1)).toMatchObject({ code: '#NAME?' });
  });

  it('numeric columns are Float64Array with tags only when needed; text makes a value column', () => {
    const t = tableFromRows([
      { n: 1, m: 1, s: 1 },
      { n: 2, m: null, s: 'x' },
    ]);
    const cols = t.columns as ReadonlyMap<string, unknown>;
    expect(cols.get('n')).toEqual({ values: Float64Array.from([1, 2]), tags: null });
    expect(cols.get('m')).toEqual({ values: Float64Array.from([1, 0]), tags: Uint8Array.from([0, 1]) });
    expect(cols.get('s')).toEqual([1, 'x']);
  });
});
