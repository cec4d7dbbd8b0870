import { VALUE } from '../errors';
import { formatNumber } from '../text-format';
import { Value, textToNumber } from '../value';
import { FunctionDef, p } from './types';

const text = p('text', 'text', 'The text', '文本');
const count = (en: string, zh: string) => p('count', 'number', en, zh, { optional: true });
const chars = (s: string): string[] => Array.from(s);

function slice(s: string, from: number, n: number): Value {
  if (n < 0 || from < 0) return VALUE;
  return chars(s)
    .slice(from, from + Math.trunc(n))
    .join('');
}

export const TEXT_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'CONCAT',
    aliases: ['CONCATENATE', '连接'],
    kind: 'scalar',
    category: 'text',
    params: [p('text', 'text', 'Texts to join', '要连接的文本')],
    repeat: 1,
    result: 'text',
    description: { en: 'Joins texts (same as &)', 'zh-CN': '连接文本（同 &）' },
    fn: (args) => args.join(''),
  },
  {
    name: 'LEFT',
    aliases: ['左取'],
    kind: 'scalar',
    category: 'text',
    params: [text, count('Characters to take (default 1)', '取的字符数（默认 1）')],
    result: 'text',
    description: { en: 'The first characters of a text', 'zh-CN': '文本开头的若干字符' },
    fn: ([s, n = 1]) => slice(s as string, 0, n as number),
  },
  {
    name: 'RIGHT',
    aliases: ['右取'],
    kind: 'scalar',
    category: 'text',
    params: [text, count('Characters to take (default 1)', '取的字符数（默认 1）')],
    result: 'text',
    description: { en: 'The last characters of a text', 'zh-CN': '文本末尾的若干字符' },
    fn: ([s, n = 1]) => {
      const k = Math.trunc(n as number);
      if (k < 0) return VALUE;
      const cs = chars(s as string);
      return cs.slice(Math.max(0, cs.length - k)).join('');
    },
  },
  {
    name: 'MID',
    aliases: ['中间取'],
    kind: 'scalar',
    category: 'text',
    params: [
      text,
      p('start', 'number', 'Position of the first character (from 1)', '起始位置（从 1 开始）'),
      p('count', 'number', 'Characters to take', '取的字符数'),
    ],
    result: 'text',
    description: { en: 'Characters from the middle of a text', 'zh-CN': '从文本中间取字符' },
    fn: ([s, start, n]) =>
      (start as number) < 1 ? VALUE : slice(s as string, Math.trunc(start as number) - 1, n as number),
  },
  {
    name: 'LEN',
    aliases: ['长度'],
    kind: 'scalar',
    category: 'text',
    params: [text],
    result: 'number',
    description: { en: 'Number of characters', 'zh-CN': '字符个数' },
    fn: ([s]) => chars(s as string).length,
  },
  {
    name: 'UPPER',
    aliases: ['大写'],
    kind: 'scalar',
    category: 'text',
    params: [text],
    result: 'text',
    description: { en: 'Upper-case text', 'zh-CN': '转为大写' },
    fn: ([s]) => (s as string).toUpperCase(),
  },
  {
    name: 'LOWER',
    aliases: ['小写'],
    kind: 'scalar',
    category: 'text',
    params: [text],
    result: 'text',
    description: { en: 'Lower-case text', 'zh-CN': '转为小写' },
    fn: ([s]) => (s as string).toLowerCase(),
  },
  {
    name: 'TRIM',
    aliases: ['去空格'],
    kind: 'scalar',
    category: 'text',
    params: [text],
    result: 'text',
    description: {
      en: 'Removes leading and trailing spaces and repeated inner spaces',
      'zh-CN': '去除首尾空格并合并中间连续空格',
    },
    fn: ([s]) => (s as string).replace(/ +/g, ' ').replace(/^ | $/g, ''),
  },
  {
    name: 'TEXT',
    aliases: ['文本'],
    kind: 'scalar',
    category: 'text',
    params: [
      p('value', 'any', 'A number or date', '数字或日期'),
      p(
        'format',
        'text',
        'A number format such as "#,##0.00", "0%" or "yyyy-mm-dd"',
        '数字格式，如 "#,##0.00"、"0%"、"yyyy-mm-dd"',
      ),
    ],
    result: 'text',
    description: { en: 'Formats a number as text', 'zh-CN': '按格式将数字转为文本' },
    fn: ([v, format]) => {
      const n =
        typeof v === 'number' ? v : v === null ? 0 : typeof v === 'string' ? textToNumber(v) : undefined;
      if (n === undefined) return typeof v === 'string' ? v : VALUE;
      return formatNumber(n, format as string);
    },
  },
];
