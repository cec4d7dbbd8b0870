import fc from 'fast-check';
import { Node, binary, call, field, num, ref, str, stripSpans, unary } from './ast';
import { parse } from './parser';
import { unparse } from './unparse';

const tree = (text: string) => {
  const r = parse(text);
  if (!r.ast) throw new Error(`${text}: ${r.diagnostics[0]?.message.en}`);
  return stripSpans(r.ast);
};

describe('parser', () => {
  it.each([
    ['1 + 2 * 3', binary('+', num(1), binary('*', num(2), num(3)))],
    ['-2^2', binary('^', unary('-', num(2)), num(2))],
    ['2^3^2', binary('^', binary('^', num(2), num(3)), num(2))],
    ['20%', unary('%', num(20))],
    ['"a" & 1 + 2', binary('&', str('a'), binary('+', num(1), num(2)))],
    ['1 + 2 >= 3', binary('>=', binary('+', num(1), num(2)), num(3))],
    ['=account.region', field('account.region')],
    ['[销售额] + [Repeat orders]', binary('+', field('销售额'), field('Repeat orders'))],
    ['@growth_rate * @[客户 满意度]', binary('*', ref('growth_rate'), ref('客户 满意度'))],
    ['求和（1，2）', call('求和', [num(1), num(2)])],
    ['SUM(1; 2)', call('SUM', [num(1), num(2)])],
    ['1e3 + .5', binary('+', num(1000), num(0.5))],
    ['"say ""hi"""', str('say "hi"')],
    ['[a]]b]', field('a]b')],
  ])('%s', (text, expected) => {
    expect(tree(text)).toEqual(stripSpans(expected as Node));
  });

  it.each([
    ['1 +', 'unexpected-end', 1, 4],
    ['SUM(1, 2', 'expected-token', 1, 9],
    ['"abc', 'unterminated-string', 1, 1],
    ['[abc', 'unterminated-bracket', 1, 1],
    ['1 $ 2', 'unexpected-char', 1, 3],
    ['1 +\n  * 2', 'unexpected-token', 2, 3],
    ['', 'empty', 1, 1],
    ['[]', 'empty-name', 1, 1],
  ])('%j reports %s at line %i column %i in both languages', (text, code, line, column) => {
    const r = parse(text);
    expect(r.ast).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ code, line, column });
    expect(r.diagnostics[0].message.en.length).toBeGreaterThan(0);
    expect(r.diagnostics[0].message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });
});

/** Random trees over the whole grammar, for the round-trip property. */
const nameArb = fc.oneof(
  fc.constantFrom(
    'revenue',
    'account.region',
    'x_1',
    '销售额',
    'Repeat orders',
    'a]b',
    'TRUE',
    ' sp ',
    '1st',
  ),
  fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim().length > 0),
);
const nodeArb: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double({ min: 0, max: 1e25, noNaN: true }).map((v) => num(v)),
    fc.string({ maxLength: 5 }).map((v) => str(v)),
    fc.boolean().map((v) => ({ type: 'boolean', value: v, start: 0, end: 0 }) as Node),
    nameArb.map((n) => field(n)),
    nameArb.map((n) => ref(n)),
    fc
      .tuple(fc.constantFrom('-', '+', '%') as fc.Arbitrary<'-' | '+' | '%'>, tie('node'))
      .map(([op, a]) => unary(op, a)),
    fc
      .tuple(
        fc.constantFrom('+', '-', '*', '/', '^', '&', '=', '<>', '<', '<=', '>', '>=') as fc.Arbitrary<
          Parameters<typeof binary>[0]
        >,
        tie('node'),
        tie('node'),
      )
      .map(([op, l, r]) => binary(op, l, r)),
    fc
      .tuple(fc.constantFrom('SUM', 'IF', '求和', 'STDEV.S', 'f'), fc.array(tie('node'), { maxLength: 3 }))
      .map(([n, a]) => call(n, a)),
  ),
})).node;

describe('unparse round-trip (fast-check)', () => {
  it('parse(unparse(tree)) gives the same tree', () => {
    fc.assert(
      fc.property(nodeArb, (t) => {
        const text = unparse(t);
        expect(tree(text)).toEqual(stripSpans(t));
      }),
      { numRuns: 500 },
    );
  });

  it('print → parse → print is stable for parsed text', () => {
    for (const text of ['-(2^2)+(1+2)*3&"x"', '-5%', '(-5)%', '1-(2-3)', '2^(3^2)', '[a b]&@[c d]']) {
      const once = unparse(parse(text).ast as Node);
      expect(unparse(parse(once).ast as Node)).toBe(once);
      expect(tree(once)).toEqual(tree(text));
    }
  });
});
