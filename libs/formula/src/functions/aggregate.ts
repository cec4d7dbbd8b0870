import { DIV0, NUM, VALUE } from '../errors';
import { finite } from '../numeric';
import { Value, isError } from '../value';
import { criterion } from './criteria';
import { AggregateDef, FastReduce, FunctionDef, ParamSpec, p } from './types';

type Arg = readonly Value[] | Value;
type Range = readonly Value[];

const col = (name: string, en: string, zh: string, type: ParamSpec['type'] = 'number'): ParamSpec =>
  p(name, type, en, zh, { column: true, acceptsErrors: true });
const numbers = col('values', 'Numbers, a column or an expression per row', '数值、列或逐行表达式');
const anyRange = col('range', 'A column or an expression per row', '列或逐行表达式', 'any');
const crit = p(
  'criteria',
  'any',
  'A value or a condition such as ">100" or "华东*"',
  '值或条件，如 ">100"、"华东*"',
);

function asRange(a: Arg): Range {
  return Array.isArray(a) ? (a as Range) : [a as Value];
}

/** Range semantics: numbers count; text, booleans and blanks are skipped; the first error wins. */
function collect(args: readonly Arg[]): number[] | Value {
  const out: number[] = [];
  for (const a of args) {
    for (const v of asRange(a)) {
      if (typeof v === 'number') out.push(v);
      else if (isError(v)) return v;
    }
  }
  return out;
}

function reduceNumbers(args: readonly Arg[], f: (xs: number[]) => Value): Value {
  const xs = collect(args);
  return Array.isArray(xs) ? f(xs) : xs;
}

export function sumOf(xs: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

export function minOf(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  let m = xs[0];
  for (let i = 1; i < xs.length; i++) if (xs[i] < m) m = xs[i];
  return m;
}

export function maxOf(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  let m = xs[0];
  for (let i = 1; i < xs.length; i++) if (xs[i] > m) m = xs[i];
  return m;
}

/**
 * Reducers over plain numbers. The SUM/AVERAGE/COUNT/MIN/MAX definitions use them, and the row and
 * columnar fast paths call the same code, so every path gives identical results.
 */
export const FAST_REDUCERS: Readonly<Record<FastReduce, (xs: readonly number[]) => Value>> = {
  sum: (xs) => finite(sumOf(xs)),
  average: (xs) => (xs.length === 0 ? DIV0 : finite(sumOf(xs) / xs.length)),
  count: (xs) => xs.length,
  min: minOf,
  max: maxOf,
};

function variance(xs: readonly number[], sample: boolean): Value {
  const n = xs.length;
  if (n < (sample ? 2 : 1)) return DIV0;
  const mean = sumOf(xs) / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return finite(Math.sqrt(ss / (sample ? n - 1 : n)));
}

function percentile(xs: number[], k: number): Value {
  if (xs.length === 0 || k < 0 || k > 1) return NUM;
  const s = xs.slice().sort((a, b) => a - b);
  const r = k * (s.length - 1);
  const lo = Math.floor(r);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (r - lo) * (s[hi] - s[lo]);
}

/** Rows where every (range, criterion) pair matches; ranges must have the same length. */
function matching(pairs: readonly Arg[]): boolean[] | Value {
  const ranges: Range[] = [];
  const tests: ((v: Value) => boolean)[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    ranges.push(asRange(pairs[i]));
    tests.push(criterion(pairs[i + 1] as Value));
  }
  const n = ranges[0]?.length ?? 0;
  if (ranges.some((r) => r.length !== n)) return VALUE;
  const out = new Array<boolean>(n);
  for (let j = 0; j < n; j++) {
    let ok = true;
    for (let k = 0; k < ranges.length && ok; k++) ok = tests[k](ranges[k][j]);
    out[j] = ok;
  }
  return out;
}

function conditional(
  values: Arg,
  pairs: readonly Arg[],
  finish: (sum: number, count: number) => Value,
): Value {
  const match = matching(pairs);
  if (!Array.isArray(match)) return match as Value;
  const vals = asRange(values);
  if (vals.length !== match.length) return VALUE;
  let sum = 0;
  let count = 0;
  for (let j = 0; j < vals.length; j++) {
    if (!match[j]) continue;
    const v = vals[j];
    if (isError(v)) return v;
    if (typeof v === 'number') {
      sum += v;
      count++;
    }
  }
  return finish(sum, count);
}

const sumFinish = (s: number): Value => finite(s);
const avgFinish = (s: number, c: number): Value => (c === 0 ? DIV0 : finite(s / c));

function agg(def: Omit<AggregateDef, 'kind' | 'category'>): FunctionDef {
  return { kind: 'aggregate', category: 'aggregate', ...def };
}

export const AGGREGATE_FUNCTIONS: readonly FunctionDef[] = [
  agg({
    name: 'SUM',
    aliases: ['求和'],
    params: [numbers],
    repeat: 1,
    result: 'number',
    fast: 'sum',
    description: { en: 'Adds numbers (text and blanks are skipped)', 'zh-CN': '求和（忽略文本和空值）' },
    fn: (args) => reduceNumbers(args, FAST_REDUCERS.sum),
  }),
  agg({
    name: 'AVERAGE',
    aliases: ['平均', '平均值'],
    params: [numbers],
    repeat: 1,
    result: 'number',
    fast: 'average',
    description: {
      en: 'Arithmetic mean; #DIV/0! when there are no numbers',
      'zh-CN': '算术平均值；没有数值时为 #DIV/0!',
    },
    fn: (args) => reduceNumbers(args, FAST_REDUCERS.average),
  }),
  agg({
    name: 'COUNT',
    aliases: ['计数'],
    params: [col('values', 'Values to count', '要计数的值', 'any')],
    repeat: 1,
    result: 'number',
    fast: 'count',
    description: { en: 'Counts numbers', 'zh-CN': '统计数值的个数' },
    fn: (args) => {
      let c = 0;
      for (const a of args) for (const v of asRange(a)) if (typeof v === 'number') c++;
      return c;
    },
  }),
  agg({
    name: 'COUNTA',
    aliases: ['计数非空'],
    params: [col('values', 'Values to count', '要计数的值', 'any')],
    repeat: 1,
    result: 'number',
    description: { en: 'Counts non-blank values', 'zh-CN': '统计非空值的个数' },
    fn: (args) => {
      let c = 0;
      for (const a of args) for (const v of asRange(a)) if (v !== null) c++;
      return c;
    },
  }),
  agg({
    name: 'MIN',
    aliases: ['最小值'],
    params: [numbers],
    repeat: 1,
    result: 'number',
    fast: 'min',
    description: { en: 'Smallest number (0 when there are none)', 'zh-CN': '最小值（没有数值时为 0）' },
    fn: (args) => reduceNumbers(args, FAST_REDUCERS.min),
  }),
  agg({
    name: 'MAX',
    aliases: ['最大值'],
    params: [numbers],
    repeat: 1,
    result: 'number',
    fast: 'max',
    description: { en: 'Largest number (0 when there are none)', 'zh-CN': '最大值（没有数值时为 0）' },
    fn: (args) => reduceNumbers(args, FAST_REDUCERS.max),
  }),
  agg({
    name: 'MEDIAN',
    aliases: ['中位数'],
    params: [numbers],
    repeat: 1,
    result: 'number',
    description: {
      en: 'Middle value; #NUM! when there are no numbers',
      'zh-CN': '中位数；没有数值时为 #NUM!',
    },
    fn: (args) => reduceNumbers(args, (xs) => percentile(xs, 0.5)),
  }),
  agg({
    name: 'STDEV.S',
    aliases: ['STDEV', '标准差'],
    params: [numbers],
    repeat: 1,
    result: 'number',
    description: { en: 'Sample standard deviation', 'zh-CN': '样本标准差' },
    fn: (args) => reduceNumbers(args, (xs) => variance(xs, true)),
  }),
  agg({
    name: 'STDEV.P',
    aliases: ['总体标准差'],
    params: [numbers],
    repeat: 1,
    result: 'number',
    description: { en: 'Population standard deviation', 'zh-CN': '总体标准差' },
    fn: (args) => reduceNumbers(args, (xs) => variance(xs, false)),
  }),
  agg({
    name: 'PERCENTILE.INC',
    aliases: ['PERCENTILE', '百分位'],
    params: [numbers, p('k', 'number', 'Percentile between 0 and 1', '0 到 1 之间的百分位')],
    result: 'number',
    description: { en: 'The k-th percentile, interpolated', 'zh-CN': '第 k 百分位数（线性插值）' },
    fn: ([values, k]) => reduceNumbers([values], (xs) => percentile(xs, k as number)),
  }),
  agg({
    name: 'SUMIF',
    aliases: ['条件求和'],
    params: [
      anyRange,
      crit,
      {
        ...col('sum_range', 'Values to add (default: range)', '求和的值（默认为条件区域）', 'any'),
        optional: true,
      },
    ],
    result: 'number',
    description: { en: 'Adds the values whose row matches the criteria', 'zh-CN': '对满足条件的行求和' },
    fn: ([range, c, sum]) => conditional(sum ?? range, [range, c], sumFinish),
  }),
  agg({
    name: 'SUMIFS',
    aliases: ['多条件求和'],
    params: [col('sum_range', 'Values to add', '求和的值', 'any'), anyRange, crit],
    repeat: 2,
    arityOk: (n) => n % 2 === 1,
    result: 'number',
    description: { en: 'Adds the values whose row matches all criteria', 'zh-CN': '对满足全部条件的行求和' },
    fn: ([sum, ...pairs]) => conditional(sum, pairs, sumFinish),
  }),
  agg({
    name: 'COUNTIF',
    aliases: ['条件计数'],
    params: [anyRange, crit],
    result: 'number',
    description: { en: 'Counts the rows that match the criteria', 'zh-CN': '统计满足条件的行数' },
    fn: (pairs) => countMatching(pairs),
  }),
  agg({
    name: 'COUNTIFS',
    aliases: ['多条件计数'],
    params: [anyRange, crit],
    repeat: 2,
    arityOk: (n) => n % 2 === 0,
    result: 'number',
    description: { en: 'Counts the rows that match all criteria', 'zh-CN': '统计满足全部条件的行数' },
    fn: (pairs) => countMatching(pairs),
  }),
  agg({
    name: 'AVERAGEIF',
    aliases: ['条件平均'],
    params: [
      anyRange,
      crit,
      {
        ...col('average_range', 'Values to average (default: range)', '求平均的值（默认为条件区域）', 'any'),
        optional: true,
      },
    ],
    result: 'number',
    description: {
      en: 'Averages the values whose row matches the criteria',
      'zh-CN': '对满足条件的行求平均',
    },
    fn: ([range, c, avg]) => conditional(avg ?? range, [range, c], avgFinish),
  }),
  agg({
    name: 'AVERAGEIFS',
    aliases: ['多条件平均'],
    params: [col('average_range', 'Values to average', '求平均的值', 'any'), anyRange, crit],
    repeat: 2,
    arityOk: (n) => n % 2 === 1,
    result: 'number',
    description: {
      en: 'Averages the values whose row matches all criteria',
      'zh-CN': '对满足全部条件的行求平均',
    },
    fn: ([avg, ...pairs]) => conditional(avg, pairs, avgFinish),
  }),
  agg({
    name: 'SUMPRODUCT',
    aliases: ['乘积和'],
    params: [col('array', 'Columns to multiply row by row', '逐行相乘的列', 'any')],
    repeat: 1,
    result: 'number',
    description: { en: 'Sum of the row-by-row products', 'zh-CN': '逐行乘积之和' },
    fn: (args) => {
      const ranges = args.map(asRange);
      const n = ranges[0].length;
      if (ranges.some((r) => r.length !== n)) return VALUE;
      let s = 0;
      for (let j = 0; j < n; j++) {
        let prod = 1;
        for (const r of ranges) {
          const v = r[j];
          if (isError(v)) return v;
          prod *= typeof v === 'number' ? v : 0;
        }
        s += prod;
      }
      return finite(s);
    },
  }),
];

function countMatching(pairs: readonly Arg[]): Value {
  const match = matching(pairs);
  if (!Array.isArray(match)) return match as Value;
  let c = 0;
  for (const m of match) if (m) c++;
  return c;
}
