import { NA, VALUE } from '../errors';
import { ValueType, Value, compareValues, isError, toBoolean } from '../value';
import { FunctionDef, p } from './types';

/** The common type of branches, or 'any' when they differ. */
export function unify(types: readonly ValueType[]): ValueType {
  const known = types.filter((t) => t !== 'error');
  if (known.length === 0) return 'any';
  return known.every((t) => t === known[0]) ? known[0] : 'any';
}

const cond = p('condition', 'boolean', 'A condition (TRUE/FALSE)', '条件（TRUE/FALSE）');
const anyValue = (name: string, en: string, zh: string, optional = false) =>
  p(name, 'any', en, zh, { optional });
const isFn = (
  name: string,
  alias: string,
  en: string,
  zh: string,
  test: (v: Value) => boolean,
): FunctionDef => ({
  name,
  aliases: [alias],
  kind: 'scalar',
  category: 'logic',
  params: [p('value', 'any', 'The value to test', '要检测的值', { acceptsErrors: true })],
  result: 'boolean',
  description: { en, 'zh-CN': zh },
  fn: ([v]) => test(v),
});

function truthy(v: Value): boolean | Value {
  return isError(v) ? v : toBoolean(v);
}

export const LOGIC_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'IF',
    aliases: ['如果'],
    kind: 'lazy',
    category: 'logic',
    params: [
      cond,
      anyValue('then', 'Result when TRUE', '条件为 TRUE 时的结果'),
      anyValue('else', 'Result when FALSE (default FALSE)', '条件为 FALSE 时的结果（默认 FALSE）', true),
    ],
    result: (t) => unify(t.length > 2 ? [t[1], t[2]] : [t[1], 'boolean']),
    description: { en: 'Chooses between two values by a condition', 'zh-CN': '按条件在两个值中选择' },
    fn: ([c, a, b]) => {
      const t = truthy(c());
      if (typeof t !== 'boolean') return t;
      return t ? a() : b ? b() : false;
    },
  },
  {
    name: 'IFS',
    aliases: ['多条件'],
    kind: 'lazy',
    category: 'logic',
    params: [cond, anyValue('value', 'Result for this condition', '该条件成立时的结果')],
    repeat: 2,
    arityOk: (n) => n % 2 === 0,
    result: (t) => unify(t.filter((_, i) => i % 2 === 1)),
    description: {
      en: 'The value of the first TRUE condition; #N/A when none is TRUE',
      'zh-CN': '返回第一个成立条件对应的值；都不成立时为 #N/A',
    },
    fn: (args) => {
      for (let i = 0; i + 1 < args.length; i += 2) {
        const t = truthy(args[i]());
        if (typeof t !== 'boolean') return t;
        if (t) return args[i + 1]();
      }
      return NA;
    },
  },
  {
    name: 'SWITCH',
    aliases: ['选择'],
    kind: 'lazy',
    category: 'logic',
    params: [
      anyValue('expression', 'The value to match', '要匹配的值'),
      anyValue('value', 'A value to compare with', '比较值'),
      anyValue('result', 'Result when it matches', '匹配时的结果'),
    ],
    repeat: 2,
    arityOk: (n) => n >= 3,
    result: (t) => unify(t.filter((_, i) => i > 0 && (i % 2 === 0 || i === t.length - 1))),
    description: {
      en: 'Matches a value against a list; the optional last argument is the default',
      'zh-CN': '将值与列表逐一匹配；可选的最后一个参数为默认值',
    },
    fn: (args) => {
      const v = args[0]();
      if (isError(v)) return v;
      let i = 1;
      for (; i + 1 < args.length; i += 2) {
        const w = args[i]();
        if (isError(w)) return w;
        if (typeof v === typeof w && compareValues(v, w) === 0) return args[i + 1]();
      }
      return i < args.length ? args[i]() : NA;
    },
  },
  {
    name: 'AND',
    aliases: ['并且'],
    kind: 'scalar',
    category: 'logic',
    params: [p('logical', 'any', 'Conditions', '条件')],
    repeat: 1,
    result: 'boolean',
    description: { en: 'TRUE when every condition is TRUE', 'zh-CN': '所有条件都为 TRUE 时返回 TRUE' },
    fn: (args) => logical(args, true),
  },
  {
    name: 'OR',
    aliases: ['或者'],
    kind: 'scalar',
    category: 'logic',
    params: [p('logical', 'any', 'Conditions', '条件')],
    repeat: 1,
    result: 'boolean',
    description: { en: 'TRUE when any condition is TRUE', 'zh-CN': '任一条件为 TRUE 时返回 TRUE' },
    fn: (args) => logical(args, false),
  },
  {
    name: 'NOT',
    aliases: ['非'],
    kind: 'scalar',
    category: 'logic',
    params: [cond],
    result: 'boolean',
    description: { en: 'Reverses TRUE and FALSE', 'zh-CN': '将 TRUE 与 FALSE 互换' },
    fn: ([v]) => !v,
  },
  {
    name: 'IFERROR',
    aliases: ['如果错误'],
    kind: 'lazy',
    category: 'logic',
    params: [
      p('value', 'any', 'The value to check', '要检查的值', { acceptsErrors: true }),
      anyValue('fallback', 'Result when the value is an error', '值为错误时的结果'),
    ],
    result: (t) => unify(t),
    description: {
      en: 'The value, or the fallback when the value is an error',
      'zh-CN': '值为错误时返回备用值，否则返回原值',
    },
    fn: ([v, fallback]) => {
      const r = v();
      return isError(r) ? fallback() : r;
    },
  },
  isFn('ISBLANK', '是否为空', 'TRUE when the value is blank', '值为空时返回 TRUE', (v) => v === null),
  isFn(
    'ISNUMBER',
    '是否数字',
    'TRUE when the value is a number',
    '值为数字时返回 TRUE',
    (v) => typeof v === 'number',
  ),
  isFn('ISERROR', '是否错误', 'TRUE when the value is an error', '值为错误时返回 TRUE', (v) => isError(v)),
];

/** AND/OR: blanks are skipped; text other than "TRUE"/"FALSE" is #VALUE!; no values at all is #VALUE!. */
function logical(args: readonly Value[], all: boolean): Value {
  let seen = false;
  let acc = all;
  for (const a of args) {
    if (a === null) continue;
    const b = toBoolean(a);
    if (typeof b !== 'boolean') return b;
    seen = true;
    acc = all ? acc && b : acc || b;
  }
  return seen ? acc : VALUE;
}
