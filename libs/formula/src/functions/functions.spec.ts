import { compile } from '../compile';
import { aggregate, evaluateColumns, tableFromRows } from '../columnar';
import { aggregateRows } from '../evaluate-rows';
import { Expected, describeValue, err, matches } from '../test-support/expect-value';
import { defaultRegistry } from './registry';

/** The row every case runs against: numbers, a blank, text, numeric text, a boolean, a date serial. */
const ROW = { n: 5, neg: -3, z: 0, b: null, t: 'abc', nt: '7', tr: true, d: 45000 };
const CONTEXT = { today: 45000 };

type Case = readonly [formula: string, expected: Expected];

const D0 = err('#DIV/0!');
const V = err('#VALUE!');
const NUM = err('#NUM!');
const NA = err('#N/A');

/** At least five cases per function, with blanks (`b`) and errors; every case also runs columnar. */
const ROW_CASES: Readonly<Record<string, readonly Case[]>> = {
  ROUND: [
    ['ROUND(2.675, 2)', 2.68],
    ['ROUND(1.005, 2)', 1.01],
    ['ROUND(-2.5, 0)', -3],
    ['ROUND(1234.5678, -2)', 1200],
    ['ROUND(b, 0)', 0],
    ['ROUND(t, 1)', V],
    ['ROUND(1/0, 1)', D0],
    ['ROUND(nt, 0)', 7],
    ['ROUND(0.5, 0)', 1],
    ['ROUND(-0.125, 2)', -0.13],
  ],
  ROUNDUP: [
    ['ROUNDUP(3.2, 0)', 4],
    ['ROUNDUP(-3.2, 0)', -4],
    ['ROUNDUP(3.14159, 3)', 3.142],
    ['ROUNDUP(31415.92654, -2)', 31500],
    ['ROUNDUP(b, 0)', 0],
    ['ROUNDUP(t, 0)', V],
    ['ROUNDUP(0.1+0.2, 1)', 0.3],
  ],
  ROUNDDOWN: [
    ['ROUNDDOWN(3.7, 0)', 3],
    ['ROUNDDOWN(-3.7, 0)', -3],
    ['ROUNDDOWN(3.14159, 3)', 3.141],
    ['ROUNDDOWN(b, 0)', 0],
    ['ROUNDDOWN(t, 0)', V],
    ['ROUNDDOWN(1/0, 0)', D0],
  ],
  INT: [
    ['INT(8.9)', 8],
    ['INT(-8.9)', -9],
    ['INT(b)', 0],
    ['INT(t)', V],
    ['INT(nt)', 7],
    ['INT(1/0)', D0],
  ],
  TRUNC: [
    ['TRUNC(8.9)', 8],
    ['TRUNC(-8.9)', -8],
    ['TRUNC(3.14159, 2)', 3.14],
    ['TRUNC(b)', 0],
    ['TRUNC(1/0)', D0],
    ['TRUNC(t)', V],
  ],
  ABS: [
    ['ABS(-3)', 3],
    ['ABS(3)', 3],
    ['ABS(b)', 0],
    ['ABS(t)', V],
    ['ABS(TRUE)', 1],
    ['ABS(neg)', 3],
  ],
  MOD: [
    ['MOD(3, 2)', 1],
    ['MOD(-3, 2)', 1],
    ['MOD(3, -2)', -1],
    ['MOD(3, 0)', D0],
    ['MOD(b, 2)', 0],
    ['MOD(t, 2)', V],
    ['MOD(5.5, 1)', 0.5],
  ],
  POWER: [
    ['POWER(2, 3)', 8],
    ['POWER(0, 0)', NUM],
    ['POWER(0, -1)', D0],
    ['POWER(-8, 1/3)', NUM],
    ['POWER(b, 2)', 0],
    ['POWER(4, 0.5)', 2],
    ['POWER(10, 400)', NUM],
  ],
  SQRT: [
    ['SQRT(16)', 4],
    ['SQRT(-1)', NUM],
    ['SQRT(b)', 0],
    ['SQRT(t)', V],
    ['SQRT(2.25)', 1.5],
  ],
  EXP: [
    ['EXP(0)', 1],
    ['EXP(1)', Math.E],
    ['EXP(b)', 1],
    ['EXP(1000)', NUM],
    ['EXP(t)', V],
  ],
  LN: [
    ['LN(1)', 0],
    ['LN(0)', NUM],
    ['LN(-1)', NUM],
    ['LN(EXP(2))', 2],
    ['LN(b)', NUM],
    ['LN(t)', V],
  ],
  LOG10: [
    ['LOG10(100)', 2],
    ['LOG10(0)', NUM],
    ['LOG10(1000)', 3],
    ['LOG10(b)', NUM],
    ['LOG10(t)', V],
  ],
  CEILING: [
    ['CEILING(2.5, 1)', 3],
    ['CEILING(1.1, 0.1)', 1.1],
    ['CEILING(-2.5, 2)', -2],
    ['CEILING(2.5, -2)', NUM],
    ['CEILING(b, 1)', 0],
    ['CEILING(4.42, 0.05)', 4.45],
    ['CEILING(1.5)', 2],
  ],
  FLOOR: [
    ['FLOOR(2.5, 1)', 2],
    ['FLOOR(-2.5, 2)', -4],
    ['FLOOR(2.5, 0)', D0],
    ['FLOOR(2.5, -2)', NUM],
    ['FLOOR(b, 1)', 0],
    ['FLOOR(0.7, 0.1)', 0.7],
  ],
  MIN: [
    ['MIN(1, 2, 3)', 1],
    ['MIN(b)', 0],
    ['MIN(n, neg)', -3],
    ['MIN(t, 1)', 1],
    ['MIN("a", 1)', V],
    ['MIN(1/0, 1)', D0],
  ],
  MAX: [
    ['MAX(1, 2, 3)', 3],
    ['MAX(b, -1)', -1],
    ['MAX(t)', 0],
    ['MAX(TRUE, 0)', 1],
    ['MAX(1/0)', D0],
    ['MAX(0, (n - 0.6) / 0.4 * 100)', 1100],
  ],
  IF: [
    ['IF(TRUE, 1, 2)', 1],
    ['IF(FALSE, 1)', false],
    ['IF(b, 1, 2)', 2],
    ['IF(t, 1, 2)', V],
    ['IF(1/0, 1, 2)', D0],
    ['IF(n > 1, "big", "small")', 'big'],
    ['IF(TRUE, 1, 1/0)', 1],
  ],
  IFS: [
    ['IFS(n > 3, "a", TRUE, "b")', 'a'],
    ['IFS(FALSE, 1)', NA],
    ['IFS(1/0, 1)', D0],
    ['IFS(n < 3, "a", n < 10, "b")', 'b'],
    ['IFS(b, 1, TRUE, 2)', 2],
  ],
  SWITCH: [
    ['SWITCH(n, 1, "one", 5, "five")', 'five'],
    ['SWITCH(n, 1, "one", "other")', 'other'],
    ['SWITCH(n, 1, "one")', NA],
    ['SWITCH(1/0, 1, 2)', D0],
    ['SWITCH("A", "a", 1, 2)', 1],
    ['SWITCH(t, "abc", 1, 0)', 1],
  ],
  AND: [
    ['AND(TRUE, TRUE)', true],
    ['AND(TRUE, FALSE)', false],
    ['AND(b)', V],
    ['AND(1, b)', true],
    ['AND(t)', V],
    ['AND(1/0, TRUE)', D0],
  ],
  OR: [
    ['OR(FALSE, TRUE)', true],
    ['OR(FALSE, 0)', false],
    ['OR(b)', V],
    ['OR("true")', true],
    ['OR(1/0)', D0],
  ],
  NOT: [
    ['NOT(TRUE)', false],
    ['NOT(0)', true],
    ['NOT(b)', true],
    ['NOT(t)', V],
    ['NOT(1/0)', D0],
  ],
  IFERROR: [
    ['IFERROR(1/0, 0)', 0],
    ['IFERROR(5, 0)', 5],
    ['IFERROR(b, 1)', null],
    ['IFERROR(t*1, "bad")', 'bad'],
    ['IFERROR(1/0, 1/0)', D0],
    ['IFERROR(missing, -1)', -1],
  ],
  ISBLANK: [
    ['ISBLANK(b)', true],
    ['ISBLANK(n)', false],
    ['ISBLANK("")', false],
    ['ISBLANK(1/0)', false],
    ['ISBLANK(missing)', false],
  ],
  ISNUMBER: [
    ['ISNUMBER(n)', true],
    ['ISNUMBER(nt)', false],
    ['ISNUMBER(b)', false],
    ['ISNUMBER(1/0)', false],
    ['ISNUMBER(TRUE)', false],
  ],
  ISERROR: [
    ['ISERROR(1/0)', true],
    ['ISERROR(n)', false],
    ['ISERROR(b)', false],
    ['ISERROR(missing)', true],
    ['ISERROR(SQRT(-1))', true],
  ],
  CONCAT: [
    ['CONCAT("a", "b")', 'ab'],
    ['CONCAT(n, " units")', '5 units'],
    ['CONCAT(b, "x")', 'x'],
    ['CONCAT(TRUE)', 'TRUE'],
    ['CONCAT(1/0, "a")', D0],
    ['CONCAT(0.1 + 0.2)', '0.3'],
    ['CONCATENATE("a", 1)', 'a1'],
  ],
  LEFT: [
    ['LEFT("abc", 2)', 'ab'],
    ['LEFT("abc")', 'a'],
    ['LEFT(b, 2)', ''],
    ['LEFT("abc", -1)', V],
    ['LEFT("销售额", 2)', '销售'],
    ['LEFT(1/0)', D0],
  ],
  RIGHT: [
    ['RIGHT("abc", 2)', 'bc'],
    ['RIGHT("abc")', 'c'],
    ['RIGHT("abc", 10)', 'abc'],
    ['RIGHT(b)', ''],
    ['RIGHT("abc", -1)', V],
  ],
  MID: [
    ['MID("abcdef", 2, 3)', 'bcd'],
    ['MID("abc", 0, 1)', V],
    ['MID("abc", 5, 2)', ''],
    ['MID(b, 1, 1)', ''],
    ['MID("abc", 1, -1)', V],
  ],
  LEN: [
    ['LEN("abc")', 3],
    ['LEN(b)', 0],
    ['LEN(n)', 1],
    ['LEN("销售额")', 3],
    ['LEN(1/0)', D0],
  ],
  UPPER: [
    ['UPPER("abc")', 'ABC'],
    ['UPPER(b)', ''],
    ['UPPER(n)', '5'],
    ['UPPER(TRUE)', 'TRUE'],
    ['UPPER(1/0)', D0],
  ],
  LOWER: [
    ['LOWER("ABC")', 'abc'],
    ['LOWER(b)', ''],
    ['LOWER(n)', '5'],
    ['LOWER("Ab")', 'ab'],
    ['LOWER(1/0)', D0],
  ],
  TRIM: [
    ['TRIM("  a   b  ")', 'a b'],
    ['TRIM(b)', ''],
    ['TRIM("x")', 'x'],
    ['TRIM(n)', '5'],
    ['TRIM(1/0)', D0],
  ],
  TEXT: [
    ['TEXT(1234.567, "#,##0.00")', '1,234.57'],
    ['TEXT(0.256, "0.0%")', '25.6%'],
    ['TEXT(45000, "yyyy-mm-dd")', '2023-03-15'],
    ['TEXT(b, "0")', '0'],
    ['TEXT(1/0, "0")', D0],
    ['TEXT(-1.5, "0.0")', '-1.5'],
    ['TEXT(2.675, "0.00")', '2.68'],
    ['TEXT(5, "000")', '005'],
  ],
  DATE: [
    ['DATE(2023, 3, 15)', 45000],
    ['DATE(2023, 13, 1)', 45292],
    ['DATE(2024, 2, 30) = DATE(2024, 3, 1)', true],
    ['DATE(-1, 1, 1)', NUM],
    ['DATE(t, 1, 1)', V],
    ['DATE(1900, 1, 1)', 1],
  ],
  YEAR: [
    ['YEAR(45000)', 2023],
    ['YEAR("2024-05-06")', 2024],
    ['YEAR(-1)', NUM],
    ['YEAR(b)', 1900],
    ['YEAR(t)', V],
  ],
  MONTH: [
    ['MONTH(45000)', 3],
    ['MONTH("2024-05-06")', 5],
    ['MONTH(b)', 1],
    ['MONTH(-1)', NUM],
    ['MONTH(t)', V],
  ],
  DAY: [
    ['DAY(45000)', 15],
    ['DAY(b)', 0],
    ['DAY(-1)', NUM],
    ['DAY(DATE(2024, 2, 29))', 29],
    ['DAY(t)', V],
  ],
  QUARTER: [
    ['QUARTER(45000)', 1],
    ['QUARTER(DATE(2024, 12, 31))', 4],
    ['QUARTER(DATE(2024, 4, 1))', 2],
    ['QUARTER(-1)', NUM],
    ['QUARTER(t)', V],
    ['季度(d)', 1],
  ],
  EDATE: [
    ['EDATE(DATE(2024, 1, 31), 1) = DATE(2024, 2, 29)', true],
    ['EDATE(45000, -12) = DATE(2022, 3, 15)', true],
    ['EDATE(-1, 1)', NUM],
    ['EDATE(t, 1)', V],
    ['EDATE(45000, b)', 45000],
  ],
  EOMONTH: [
    ['EOMONTH(45000, 0) = DATE(2023, 3, 31)', true],
    ['EOMONTH(45000, 1) = DATE(2023, 4, 30)', true],
    ['EOMONTH(DATE(2024, 1, 15), 1) = DATE(2024, 2, 29)', true],
    ['EOMONTH(-1, 0)', NUM],
    ['EOMONTH(t, 0)', V],
  ],
  DATEDIF: [
    ['DATEDIF(DATE(2020, 1, 15), DATE(2023, 1, 14), "Y")', 2],
    ['DATEDIF(DATE(2020, 1, 15), DATE(2023, 1, 14), "M")', 35],
    ['DATEDIF(DATE(2023, 1, 1), DATE(2023, 3, 1), "D")', 59],
    ['DATEDIF(DATE(2023, 1, 2), DATE(2023, 1, 1), "D")', NUM],
    ['DATEDIF(1, 2, "X")', NUM],
    ['DATEDIF(DATE(2020, 1, 15), DATE(2023, 3, 20), "YM")', 2],
    ['DATEDIF(DATE(2020, 1, 15), DATE(2023, 3, 20), "MD")', 5],
    ['DATEDIF(b, 10, "d")', 10],
  ],
  TODAY: [
    ['TODAY()', 45000],
    ['TODAY() + 1', 45001],
    ['YEAR(TODAY())', 2023],
    ['DATEDIF(DATE(2023, 1, 1), TODAY(), "M")', 2],
    ['TODAY() - d', 0],
  ],
  SUM: [
    ['SUM(1, 2, 3)', 6],
    ['SUM(b, 1)', 1],
    ['SUM(t, 1)', 1],
    ['SUM("3", 1)', 4],
    ['SUM("x")', V],
    ['SUM(1/0)', D0],
    ['SUM(TRUE, 1)', 2],
  ],
  AVERAGE: [
    ['AVERAGE(1, 2, 3)', 2],
    ['AVERAGE(b)', D0],
    ['AVERAGE(b, 4)', 4],
    ['AVERAGE(t, 2)', 2],
    ['AVERAGE(1/0)', D0],
  ],
  COUNT: [
    ['COUNT(1, 2, "a")', 2],
    ['COUNT(b)', 0],
    ['COUNT(1/0, 1)', 1],
    ['COUNT(t)', 0],
    ['COUNT(n, neg, z)', 3],
  ],
  COUNTA: [
    ['COUNTA(1, "a")', 2],
    ['COUNTA(b)', 0],
    ['COUNTA(1/0)', 1],
    ['COUNTA(t, b, n)', 2],
    ['COUNTA("")', 1],
  ],
  MEDIAN: [
    ['MEDIAN(1, 3, 2)', 2],
    ['MEDIAN(1, 2, 3, 4)', 2.5],
    ['MEDIAN(b)', NUM],
    ['MEDIAN(1/0)', D0],
    ['MEDIAN(t, 5)', 5],
  ],
  'STDEV.S': [
    ['STDEV.S(1, 2, 3, 4)', 1.2909944487358056],
    ['STDEV.S(1)', D0],
    ['STDEV.S(b, 1, 3)', Math.SQRT2],
    ['STDEV.S(1/0, 1)', D0],
    ['STDEV.S(2, 2)', 0],
  ],
  'STDEV.P': [
    ['STDEV.P(1, 2, 3, 4)', 1.118033988749895],
    ['STDEV.P(5)', 0],
    ['STDEV.P(b)', D0],
    ['STDEV.P(1/0)', D0],
    ['STDEV.P(2, 4)', 1],
  ],
  'PERCENTILE.INC': [
    ['PERCENTILE.INC(n, 0.5)', 5],
    ['PERCENTILE.INC(1, 2)', NUM],
    ['PERCENTILE.INC(b, 0.5)', NUM],
    ['PERCENTILE.INC(n, t)', V],
    ['PERCENTILE.INC(1/0, 0.5)', D0],
  ],
  SUMIF: [
    ['SUMIF(n, ">3")', 5],
    ['SUMIF(n, "<3")', 0],
    ['SUMIF(t, "a*", n)', 5],
    ['SUMIF(b, "", n)', 5],
    ['SUMIF(n, ">3", 1/0)', D0],
  ],
  SUMIFS: [
    ['SUMIFS(n, t, "abc")', 5],
    ['SUMIFS(n, t, "x")', 0],
    ['SUMIFS(n, n, ">1", neg, "<0")', 5],
    ['SUMIFS(1/0, n, 5)', D0],
    ['SUMIFS(n, b, "")', 5],
  ],
  COUNTIF: [
    ['COUNTIF(n, 5)', 1],
    ['COUNTIF(nt, 7)', 1],
    ['COUNTIF(t, "A?C")', 1],
    ['COUNTIF(b, "<>")', 0],
    ['COUNTIF(1/0, 1)', 0],
  ],
  COUNTIFS: [
    ['COUNTIFS(n, ">=5", t, "abc")', 1],
    ['COUNTIFS(n, "<5")', 0],
    ['COUNTIFS(b, "")', 1],
    ['COUNTIFS(t, "*b*")', 1],
    ['COUNTIFS(n, 5, t)', err('#VALUE!')],
  ],
  AVERAGEIF: [
    ['AVERAGEIF(n, ">1")', 5],
    ['AVERAGEIF(n, ">10")', D0],
    ['AVERAGEIF(t, "abc", n)', 5],
    ['AVERAGEIF(b, "", n)', 5],
    ['AVERAGEIF(n, 5, 1/0)', D0],
  ],
  AVERAGEIFS: [
    ['AVERAGEIFS(n, t, "abc")', 5],
    ['AVERAGEIFS(n, t, "x")', D0],
    ['AVERAGEIFS(n, n, ">0", neg, "<0")', 5],
    ['AVERAGEIFS(b, n, 5)', D0],
    ['AVERAGEIFS(1/0, n, 5)', D0],
  ],
  SUMPRODUCT: [
    ['SUMPRODUCT(n, neg)', -15],
    ['SUMPRODUCT(n)', 5],
    ['SUMPRODUCT(b, n)', 0],
    ['SUMPRODUCT(t, n)', 0],
    ['SUMPRODUCT(1/0, n)', D0],
  ],
  DIVIDE: [
    ['DIVIDE(10, 4)', 2.5],
    ['DIVIDE(1, 0)', null],
    ['DIVIDE(1, 0, 0)', 0],
    ['DIVIDE(1, b, "n/a")', 'n/a'],
    ['DIVIDE(t, 1)', V],
    ['DIVIDE(1/0, 1)', D0],
  ],
  CLAMP: [
    ['CLAMP(5, 0, 10)', 5],
    ['CLAMP(-1, 0, 10)', 0],
    ['CLAMP(11, 0, 10)', 10],
    ['CLAMP(1, 10, 0)', NUM],
    ['CLAMP(b, 1, 2)', 1],
    ['CLAMP(t, 0, 1)', V],
  ],
  GROWTH: [
    ['GROWTH(120, 100)', 0.2],
    ['GROWTH(80, 100)', -0.2],
    ['GROWTH(1, 0)', D0],
    ['GROWTH(-50, -100)', 0.5],
    ['GROWTH(b, 100)', -1],
    ['GROWTH(t, 1)', V],
  ],
  LINEAR_SCORE: [
    ['LINEAR_SCORE(100, 60, 100, 120, 120)', 100],
    ['LINEAR_SCORE(60, 60, 100, 120, 120)', 0],
    ['LINEAR_SCORE(80, 60, 100, 120, 120)', 50],
    ['LINEAR_SCORE(110, 60, 100, 120, 120)', 110],
    ['LINEAR_SCORE(130, 60, 100, 120, 120)', 120],
    ['LINEAR_SCORE(b, 60, 100, 120, 120)', 0],
    ['LINEAR_SCORE(80, 100, 60, 120, 120)', NUM],
    ['LINEAR_SCORE(t, 60, 100, 120, 120)', V],
  ],
  LINEAR_SCORE_LOWER: [
    ['LINEAR_SCORE_LOWER(5, 10, 5, 2, 120)', 100],
    ['LINEAR_SCORE_LOWER(10, 10, 5, 2, 120)', 0],
    ['LINEAR_SCORE_LOWER(7.5, 10, 5, 2, 120)', 50],
    ['LINEAR_SCORE_LOWER(2, 10, 5, 2, 120)', 120],
    ['LINEAR_SCORE_LOWER(3.5, 10, 5, 2, 120)', 110],
    ['LINEAR_SCORE_LOWER(12, 10, 5, 2, 120)', 0],
    ['LINEAR_SCORE_LOWER(1/0, 10, 5, 2, 120)', D0],
  ],
  STEP_SCORE: [
    ['STEP_SCORE(85, 60, 60, 80, 80, 100, 100)', 80],
    ['STEP_SCORE(50, 60, 60, 80, 80, 100, 100)', 0],
    ['STEP_SCORE(100, 60, 60, 80, 80, 100, 100)', 100],
    ['STEP_SCORE(60, 60, 60, 80, 80)', 60],
    ['STEP_SCORE(85, 80, 1, 60, 2)', NUM],
    ['STEP_SCORE(85, 60)', V],
    ['STEP_SCORE(b, 0, 10)', 10],
  ],
  STEP_SCORE_LOWER: [
    ['STEP_SCORE_LOWER(0.5, 1, 100, 3, 80, 5, 60)', 100],
    ['STEP_SCORE_LOWER(2, 1, 100, 3, 80, 5, 60)', 80],
    ['STEP_SCORE_LOWER(5, 1, 100, 3, 80, 5, 60)', 60],
    ['STEP_SCORE_LOWER(6, 1, 100, 3, 80, 5, 60)', 0],
    ['STEP_SCORE_LOWER(b, 1, 100, 3, 80)', 100],
    ['STEP_SCORE_LOWER(t, 1, 100)', V],
  ],
};

const ALIAS_CASES: readonly Case[] = [
  ['求和(1, 2)', 3],
  ['平均(2, 4)', 3],
  ['如果(TRUE, 1, 2)', 1],
  ['最大值(1, 5)', 5],
  ['最小值(1, 5)', 1],
  ['计数(1, "a")', 1],
  ['四舍五入(2.675, 2)', 2.68],
  ['并且(TRUE, FALSE)', false],
  ['或者(TRUE, FALSE)', true],
  ['round(2.5, 0)', 3],
];

function run(formula: string, expected: Expected): void {
  const c = compile(formula);
  const row = c.evaluate(ROW, CONTEXT);
  if (!matches(row, expected))
    throw new Error(`${formula}: row path gave ${describeValue(row)}, expected ${JSON.stringify(expected)}`);
  const col = evaluateColumns(c, tableFromRows([ROW, ROW]), CONTEXT);
  for (const v of [col.get(0), col.get(1)]) {
    if (!matches(v, expected))
      throw new Error(`${formula}: columnar gave ${describeValue(v)}, expected ${JSON.stringify(expected)}`);
  }
}

describe('built-in functions (row and columnar paths)', () => {
  it('every registered function has at least five table cases', () => {
    const missing = defaultRegistry
      .list()
      .map((d) => d.name)
      .filter((name) => (ROW_CASES[name]?.length ?? 0) < 5);
    expect(missing).toEqual([]);
  });

  for (const [name, cases] of Object.entries(ROW_CASES)) {
    it.each(cases)(`${name}: %s → %j`, (formula, expected) => run(formula, expected));
  }

  it.each(ALIAS_CASES)('Chinese and lower-case aliases: %s → %j', (formula, expected) =>
    run(formula, expected),
  );

  it('TODAY() is #N/A without a context date, and reads Date and text contexts', () => {
    expect(matches(compile('TODAY()').evaluate({}), NA)).toBe(true);
    expect(compile('TODAY()').evaluate({}, { today: '2023-03-15' })).toBe(45000);
    expect(compile('TODAY()').evaluate({}, { today: new Date(Date.UTC(2023, 2, 15, 13)) })).toBe(45000);
  });

  it('every function and parameter has an English and a Chinese description', () => {
    for (const d of defaultRegistry.list()) {
      expect(d.description.en.length).toBeGreaterThan(0);
      expect(d.description['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      for (const q of d.params) expect(q.description['zh-CN'].length).toBeGreaterThan(0);
    }
  });
});

/** A small data set for aggregates: blanks, text in a numeric column, a zero target. */
const DATA = [
  { region: '华东', revenue: 100, target: 80, note: 'a' },
  { region: '华北', revenue: 50, target: 100, note: null },
  { region: '华东', revenue: null, target: 60, note: 'b' },
  { region: 'East', revenue: 30, target: 0, note: 'x' },
  { region: '华南', revenue: 'n/a', target: 40, note: null },
];

const AGGREGATE_CASES: readonly Case[] = [
  ['SUM(revenue)', 180],
  ['SUM(revenue) / SUM(target)', 180 / 280],
  ['SUM(revenue / target)', D0],
  ['SUM(revenue, target)', 460],
  ['AVERAGE(revenue)', 60],
  ['AVERAGE(revenue * 2)', V],
  ['AVERAGE(IFERROR(revenue * 2, 0))', 72],
  ['COUNT(revenue)', 3],
  ['COUNTA(revenue)', 4],
  ['MIN(revenue)', 30],
  ['MAX(revenue)', 100],
  ['MEDIAN(revenue)', 50],
  ['STDEV.S(revenue)', Math.sqrt(1300)],
  ['STDEV.P(revenue)', Math.sqrt(2600 / 3)],
  ['PERCENTILE.INC(revenue, 0.5)', 50],
  ['PERCENTILE.INC(revenue, 1)', 100],
  ['PERCENTILE.INC(revenue, 0)', 30],
  ['PERCENTILE.INC(revenue, 1.5)', NUM],
  ['SUMIF(region, "华东", revenue)', 100],
  ['SUMIF(region, "华*", target)', 280],
  ['SUMIF(target, ">=80")', 180],
  ['SUMIF(note, "", target)', 140],
  ['SUMIF(region, "<>华东", revenue)', 80],
  ['SUMIFS(revenue, region, "华*", target, ">50")', 150],
  ['SUMIFS(target, region, "East")', 0],
  ['SUMIFS(target, note, "?")', 140],
  ['SUMIFS(revenue, region, "华东", note, "a")', 100],
  ['SUMIFS(revenue, region)', V],
  ['COUNTIF(region, "华东")', 2],
  ['COUNTIF(target, ">50")', 3],
  ['COUNTIF(note, "<>")', 3],
  ['COUNTIF(revenue, 50)', 1],
  ['COUNTIF(region, "east")', 1],
  ['COUNTIFS(region, "华东", target, ">70")', 1],
  ['COUNTIFS(region, "华*")', 4],
  ['COUNTIFS(revenue, ">0", target, ">0")', 2],
  ['COUNTIFS(region, "none")', 0],
  ['AVERAGEIF(region, "华东", target)', 70],
  ['AVERAGEIF(region, "none", target)', D0],
  ['AVERAGEIF(target, ">50")', 80],
  ['AVERAGEIF(region, "华*", revenue)', 75],
  ['AVERAGEIF(note, "x", target)', 0],
  ['AVERAGEIFS(target, region, "华*", note, "<>")', 70],
  ['AVERAGEIFS(revenue, region, "East")', 30],
  ['AVERAGEIFS(target, target, ">=60", target, "<=80")', 70],
  ['AVERAGEIFS(revenue, region, "华南")', D0],
  ['SUMPRODUCT(revenue, target)', 13000],
  ['SUMPRODUCT(target, target)', 21600],
  ['SUMPRODUCT(revenue / target)', D0],
  ['SUMPRODUCT(IF(region = "华东", 1, 0), target)', 140],
  ['IF(SUM(target) = 0, 0, ROUND(SUM(revenue) / SUM(target) * 100, 1))', 64.3],
  ['revenue + 1', V],
];

describe('aggregates over a data set (columnar and row reference agree)', () => {
  const table = tableFromRows(DATA);
  it.each(AGGREGATE_CASES)('%s → %j', (formula, expected) => {
    const c = compile(formula);
    const fast = aggregate(c, table);
    const reference = aggregateRows(c, DATA);
    expect([formula, describeValue(reference), matches(reference, expected)]).toEqual([
      formula,
      describeValue(reference),
      true,
    ]);
    expect([formula, describeValue(fast), matches(fast, expected)]).toEqual([
      formula,
      describeValue(fast),
      true,
    ]);
  });
});
