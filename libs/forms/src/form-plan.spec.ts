import { compile } from '@keyscore/formula';
import { FormulaRunner, planOf, resolveData } from './form-plan';
import { sampleForm } from './test-support/fixtures';

const plan = planOf(sampleForm());

describe('resolveData', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    [
      'a clean submission',
      { service_quality: 4, speed: 2, nps: 9 },
      { service_quality: 4, speed: 2, nps: 9, overall: 3 },
      ['improve'],
    ],
    ['an unknown field', { nps: 9, role: 'x' }, { nps: 9 }, ['improve']],
    ['an empty value', { nps: 9, email: '' }, { nps: 9 }, ['improve']],
    ['a hidden field’s value', { nps: 9, improve: 'x' }, { nps: 9 }, ['improve']],
    [
      'a client computed value with inputs',
      { service_quality: 2, overall: 5 },
      { service_quality: 2, overall: 2 },
      [],
    ],
    ['a client computed value without inputs', { nps: 1, overall: 5 }, { nps: 1 }, []],
    ['a visible conditional field', { nps: 1, improve: 'faster' }, { nps: 1, improve: 'faster' }, []],
  ])('%s', (_name, source, data, hidden) => {
    const before = structuredClone(source);
    const r = resolveData(plan, source);
    expect(r).toEqual({ data, hidden });
    expect(r.data).not.toBe(source);
    expect(source).toEqual(before);
  });

  it('copies only own properties', () => {
    const source = Object.assign(Object.create({ speed: 5 }) as Record<string, unknown>, { nps: 9 });
    expect(resolveData(plan, source).data).toEqual({ nps: 9 });
    expect(resolveData(plan, JSON.parse('{"nps": 9, "__proto__": {"speed": 1}}')).data).toEqual({ nps: 9 });
    expect(resolveData(plan, { nps: 9, constructor: 1, toString: 2 }).data).toEqual({ nps: 9 });
  });
});

describe('FormulaRunner', () => {
  it('memoises functions of the inputs without changing any result', () => {
    const text = 'IF(AND(a > 2, b = "x"), ROUND(AVERAGE(a, c), 2), LEN(b))';
    const formula = compile(text);
    const runner = new FormulaRunner(formula);
    const values = [null, 0, 1, 2.5, 3, 1023, 1024, -1, 'x', 'X', '', '1', 'y'.repeat(40), true, false];
    for (let round = 0; round < 2; round++) {
      for (const a of values) {
        for (const b of values) {
          for (const c of [null, 4, 'x']) {
            const row = new Map<string, unknown>([
              ['a', a],
              ['b', b],
              ['c', c],
            ]);
            expect(runner.run(row)).toEqual(formula.evaluate(row));
          }
        }
      }
    }
  });
});
