import { NA, NUM } from '../errors';
import { dateSerial, serialToParts } from '../value';
import { FunctionDef, p } from './types';

const date = p('date', 'date', 'A date (serial number or "yyyy-mm-dd")', '日期（序列号或 "yyyy-mm-dd"）');
const months = p('months', 'number', 'Months to add (negative for earlier)', '要加的月数（负数为之前）');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function part(name: string, alias: string, en: string, zh: string, get: (s: number) => number): FunctionDef {
  return {
    name,
    aliases: [alias],
    kind: 'scalar',
    category: 'date',
    params: [date],
    result: 'number',
    description: { en, 'zh-CN': zh },
    numeric: (s) => (s < 0 ? NUM : get(s)),
  };
}

function shiftMonths(start: number, n: number, endOfMonth: boolean): number | typeof NUM {
  if (start < 0) return NUM;
  const { year, month, day } = serialToParts(start);
  const m = month + Math.trunc(n);
  const y = year + Math.floor((m - 1) / 12);
  const mm = ((((m - 1) % 12) + 12) % 12) + 1;
  const d = endOfMonth ? daysInMonth(y, mm) : Math.min(day, daysInMonth(y, mm));
  return dateSerial(y, mm, d) ?? NUM;
}

const DATEDIF_UNIT_LIST: Readonly<Record<string, (a: number, b: number) => number>> = {
  Y: (a, b) => {
    const x = serialToParts(a);
    const y = serialToParts(b);
    return y.year - x.year - (y.month < x.month || (y.month === x.month && y.day < x.day) ? 1 : 0);
  },
  M: (a, b) => {
    const x = serialToParts(a);
    const y = serialToParts(b);
    return (y.year - x.year) * 12 + y.month - x.month - (y.day < x.day ? 1 : 0);
  },
  D: (a, b) => Math.floor(b) - Math.floor(a),
  MD: (a, b) => {
    const x = serialToParts(a);
    const y = serialToParts(b);
    if (y.day >= x.day) return y.day - x.day;
    const pm = y.month === 1 ? 12 : y.month - 1;
    const py = y.month === 1 ? y.year - 1 : y.year;
    return daysInMonth(py, pm) - x.day + y.day;
  },
  YM: (a, b) => (DATEDIF_UNITS.get('M') as (a: number, b: number) => number)(a, b) % 12,
  YD: (a, b) => {
    const x = serialToParts(a);
    const y = serialToParts(b);
    let anchor = dateSerial(y.year, x.month, Math.min(x.day, daysInMonth(y.year, x.month))) as number;
    if (anchor > Math.floor(b))
      anchor = dateSerial(y.year - 1, x.month, Math.min(x.day, daysInMonth(y.year - 1, x.month))) as number;
    return Math.floor(b) - anchor;
  },
};

// A Map, so user text ("constructor", "__proto__") can never reach Object.prototype.
const DATEDIF_UNITS = new Map(Object.entries(DATEDIF_UNIT_LIST));

export const DATE_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'DATE',
    aliases: ['日期'],
    kind: 'scalar',
    category: 'date',
    params: [
      p('year', 'number', 'Year', '年'),
      p('month', 'number', 'Month (overflow rolls into the next year)', '月（溢出会进位到下一年）'),
      p('day', 'number', 'Day (overflow rolls into the next month)', '日（溢出会进位到下一月）'),
    ],
    result: 'date',
    description: { en: 'A date from year, month and day', 'zh-CN': '由年、月、日组成日期' },
    numeric: (y, m, d) => dateSerial(y, m, d) ?? NUM,
  },
  part('YEAR', '年', 'The year of a date', '日期的年份', (s) => serialToParts(s).year),
  part('MONTH', '月', 'The month of a date (1–12)', '日期的月份（1–12）', (s) => serialToParts(s).month),
  part('DAY', '日', 'The day of the month of a date', '日期是当月第几天', (s) => serialToParts(s).day),
  part('QUARTER', '季度', 'The quarter of a date (1–4)', '日期所在季度（1–4）', (s) =>
    Math.ceil(serialToParts(s).month / 3),
  ),
  {
    name: 'EDATE',
    aliases: ['月份偏移'],
    kind: 'scalar',
    category: 'date',
    params: [date, months],
    result: 'date',
    description: { en: 'The same day some months earlier or later', 'zh-CN': '若干个月之前或之后的同一天' },
    numeric: (s, n) => shiftMonths(s, n, false),
  },
  {
    name: 'EOMONTH',
    aliases: ['月末'],
    kind: 'scalar',
    category: 'date',
    params: [date, months],
    result: 'date',
    description: { en: 'The last day of the month some months away', 'zh-CN': '若干个月之前或之后的月末' },
    numeric: (s, n) => shiftMonths(s, n, true),
  },
  {
    name: 'DATEDIF',
    aliases: ['日期差'],
    kind: 'scalar',
    category: 'date',
    params: [
      p('start', 'date', 'Start date', '开始日期'),
      p('end', 'date', 'End date', '结束日期'),
      p('unit', 'text', '"Y", "M", "D", "MD", "YM" or "YD"', '"Y"、"M"、"D"、"MD"、"YM" 或 "YD"'),
    ],
    result: 'number',
    description: {
      en: 'Whole years, months or days between two dates',
      'zh-CN': '两个日期之间的整年、整月或天数',
    },
    fn: ([a, b, unit]) => {
      const f = DATEDIF_UNITS.get((unit as string).toUpperCase());
      const x = a as number;
      const y = b as number;
      if (!f || x < 0 || x > y) return NUM;
      return f(x, y);
    },
  },
  {
    name: 'TODAY',
    aliases: ['今天'],
    kind: 'scalar',
    category: 'date',
    params: [],
    result: 'date',
    description: {
      en: 'Today, as set by the evaluation context (#N/A when it sets none)',
      'zh-CN': '今天（由计算上下文提供；未提供时为 #N/A）',
    },
    fn: (_, ctx) => ctx.today ?? NA,
  },
];
