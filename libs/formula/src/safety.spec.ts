import fc from 'fast-check';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { check } from './check';
import { aggregate, evaluateColumns, groupBy, tableFromRows } from './columnar';
import { compile, compileUncached } from './compile';
import { LIMIT, NAME, REF, SYNTAX, VALUE } from './errors';
import { parse } from './parser';
import { Value } from './value';

const PROTO_SPELLINGS = [
  '__proto__',
  '[__proto__]',
  '[__PROTO__]',
  'constructor',
  'Constructor',
  '[CONSTRUCTOR]',
  'prototype',
  '[ｃｏｎｓｔｒｕｃｔｏｒ]', // full-width
  '[constr\u200buctor]', // zero-width space
  'a.__proto__',
  'x.constructor.prototype',
  '@__proto__',
  '@[constructor]',
  '[__defineGetter__]',
];

describe('safety: prototype names are unreachable in any spelling', () => {
  const row = JSON.parse('{"__proto__": 1, "constructor": 2, "prototype": 3, "a.__proto__": 4}') as Record<
    string,
    unknown
  >;
  it.each(PROTO_SPELLINGS)('%s is reserved: #NAME? on every path and a diagnostic', (text) => {
    const c = compile(text);
    expect(c.evaluate(row)).toBe(NAME);
    expect(c.evaluate(new Map(Object.entries(row)))).toBe(NAME);
    expect(evaluateColumns(c, tableFromRows([row])).get(0)).toBe(NAME);
    expect(check(text).diagnostics.map((d) => d.code)).toContain('reserved-name');
  });

  it('unicode escapes are not part of the language: they are just characters of a name that does not exist', () => {
    expect(compile('[\\u005f\\u005fproto\\u005f\\u005f]').evaluate({})).toBe(REF);
    expect(parse('\\u005f_proto__').ast).toBeNull();
  });

  it('fields are read as own properties only: inherited and host members are not reachable', () => {
    const proto = { inherited: 5 };
    const row = Object.create(proto) as Record<string, unknown>;
    row.own = 1;
    expect(compile('inherited').evaluate(row)).toBe(REF);
    expect(compile('toString').evaluate({})).toBe(REF);
    expect(compile('hasOwnProperty').evaluate({})).toBe(REF);
    expect(compile('own').evaluate(row)).toBe(1);
  });

  it('host objects and functions in a row are #VALUE!, never called or walked', () => {
    let called = false;
    const row = { f: () => (called = true), o: { x: 1 }, 'o.x': 2 };
    expect(compile('f').evaluate(row)).toBe(VALUE);
    expect(compile('o').evaluate(row)).toBe(VALUE);
    expect(compile('o.x').evaluate(row)).toBe(2); // a dotted name is one name, not member access
    expect(compile('f()').evaluate(row)).toBe(NAME);
    expect(called).toBe(false);
  });

  it('function names resolve through a Map: Object.prototype names are unknown functions', () => {
    for (const f of ['constructor(1)', 'toString()', 'valueOf()', '__proto__()', 'hasOwnProperty("x")']) {
      expect(compile(f).evaluate({})).toBe(NAME);
    }
    expect(compile('DATEDIF(1, 2, "constructor")').evaluate({})).toEqual(
      compile('DATEDIF(1, 2, "X")').evaluate({}),
    );
  });

  it('the engine never uses eval, new Function or vm', () => {
    const dir = __dirname;
    const files = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? files(join(d, e.name))
          : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')
            ? [join(d, e.name)]
            : [],
      );
    for (const f of files(dir)) {
      const src = readFileSync(f, 'utf8');
      expect([f, /\beval\s*\(|new\s+Function\b|require\(['"]vm['"]\)|from ['"]vm['"]/.test(src)]).toEqual([
        f,
        false,
      ]);
    }
  });
});

describe('safety: bounds fail fast with a clear error', () => {
  it('formula length', () => {
    const c = compileUncached('1+'.repeat(5000) + '1');
    expect(c.diagnostics[0].code).toBe('too-long');
    expect(c.evaluate({})).toBe(LIMIT);
    expect(compileUncached('1+1', { limits: { maxLength: 2 } }).evaluate({})).toBe(LIMIT);
  });

  it('nesting depth: parentheses, calls, unary chains and long operator chains', () => {
    for (const text of [
      '('.repeat(200) + '1' + ')'.repeat(200),
      'ABS('.repeat(200) + '1' + ')'.repeat(200),
      '-'.repeat(3000) + '1',
    ]) {
      const c = compileUncached(text);
      expect(c.diagnostics[0].code).toBe('too-deep');
      expect(c.evaluate({})).toBe(LIMIT);
    }
    const chain = compileUncached(Array(300).fill('1').join('^'), { limits: { maxNodes: 10_000 } });
    expect(chain.diagnostics[0].code).toBe('too-deep');
    expect(compileUncached('ABS(ABS(1))', { limits: { maxDepth: 2 } }).evaluate({})).toBe(LIMIT);
  });

  it('node count', () => {
    const c = compileUncached(Array(1500).fill('1').join('+'));
    expect(c.diagnostics[0].code).toBe('too-many-nodes');
    expect(c.evaluate({})).toBe(LIMIT);
    expect(check(Array(1500).fill('x').join('+')).diagnostics[0].message['zh-CN']).toContain('2048');
  });

  it('evaluation steps: a chain of formulas that doubles at each step stops with #LIMIT!', () => {
    const formulas: Record<string, string> = { f0: '1' };
    for (let i = 1; i <= 40; i++) formulas[`f${i}`] = `@f${i - 1} + @f${i - 1}`;
    // Memoised per evaluation, so this is fast…
    expect(compile('@f40').evaluate({}, { formulas })).toBe(2 ** 40);
    // …and a tight step bound still stops it.
    expect(compile('@f40').evaluate({}, { formulas, limits: { maxRowSteps: 50 } })).toBe(LIMIT);
    const t = tableFromRows([{ x: 1 }, { x: 2 }]);
    expect(evaluateColumns(compile('x + 1'), t, { limits: { maxSteps: 3 } }).get(0)).toBe(LIMIT);
    expect(aggregate(compile('SUM(x)'), t, { limits: { maxSteps: 1 } })).toBe(LIMIT);
  });

  it('cycles between formulas are #CYCLE!, on the row and columnar paths', () => {
    const formulas = { a: '@b + 1', b: '@a * 2', self: '@self' };
    expect(compile('@a').evaluate({}, { formulas })).toMatchObject({ code: '#CYCLE!' });
    expect(compile('@self').evaluate({}, { formulas })).toMatchObject({ code: '#CYCLE!' });
    expect(evaluateColumns(compile('@a'), tableFromRows([{}]), { formulas }).get(0)).toMatchObject({
      code: '#CYCLE!',
    });
  });

  it('group count', () => {
    const t = tableFromRows(Array.from({ length: 10 }, (_, i) => ({ k: i, v: 1 })));
    expect(groupBy(compile('SUM(v)'), t, 'k', { limits: { maxGroups: 5 } })[0].value).toBe(LIMIT);
  });

  it('wildcard criteria cannot backtrack catastrophically', () => {
    const start = Date.now();
    const v = compile(`COUNTIF(t, "${'*a'.repeat(40)}*b")`).evaluate({ t: 'a'.repeat(5000) });
    expect(v).toBe(0);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});

describe('fuzz: random input never throws out of parse, check or evaluate', () => {
  const alphabet = fc.constantFrom(
    ...'0123456789.,;()[]{}@"#%^&*/+-=<>!$ \n\tabcxyzSUMIFROUNDTEXT_销售额（），'.split(''),
    'SUM(',
    'IF(',
    '__proto__',
    'constructor',
    '@',
    '[a]',
    'TRUE',
    '1e308',
    '""',
  );
  const row = { a: 1, b: null, c: 'text', x: 0, y: -1, z: 1e308, abc: true };
  const table = tableFromRows([row, { ...row, a: 'n/a' }]);
  it('random token soup', () => {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        parse(text);
        check(text, ['a', 'b'], { locale: 'zh-CN' });
        check(text, undefined, { mode: 'aggregate' });
        const c = compileUncached(text);
        const v: Value = c.evaluate(row, { formulas: { a: text }, today: 45000 });
        expect(v === undefined).toBe(false);
        evaluateColumns(c, table, { formulas: { a: text } });
        aggregate(c, table);
        groupBy(c, table, 'a');
      }),
      { numRuns: 1500 },
    );
  });

  it('random unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const c = compileUncached(text);
        c.evaluate(row);
        check(text);
        evaluateColumns(c, table);
      }),
      { numRuns: 500 },
    );
  });

  it('a syntax error evaluates to #ERROR!', () => {
    expect(compile('1 +').evaluate({})).toBe(SYNTAX);
  });
});
