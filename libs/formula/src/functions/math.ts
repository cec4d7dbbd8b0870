import { DIV0, NUM } from '../errors';
import { finite, power, round15, roundDecimal } from '../numeric';
import { FunctionDef, p } from './types';

const x = p('number', 'number', 'The number', '数值');
const digits = (optional: boolean) =>
  p(
    'digits',
    'number',
    'Decimal places (negative rounds left of the point)',
    '小数位数（负数表示小数点左侧）',
    {
      optional,
    },
  );
const sig = p('significance', 'number', 'The multiple to round to (default 1)', '舍入的倍数（默认 1）', {
  optional: true,
});

function ceilingOrFloor(up: boolean) {
  return (n: number, s = 1): number | typeof NUM => {
    if (s === 0) return up ? 0 : DIV0;
    if (n > 0 && s < 0) return NUM;
    const q = round15(n / s);
    return round15((up ? Math.ceil(q) : Math.floor(q)) * s);
  };
}

export const MATH_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'ROUND',
    aliases: ['四舍五入'],
    kind: 'scalar',
    category: 'math',
    params: [x, digits(false)],
    result: 'number',
    description: {
      en: 'Rounds half away from zero on the decimal value: ROUND(2.675, 2) = 2.68',
      'zh-CN': '按十进制值四舍五入（远离零）：ROUND(2.675, 2) = 2.68',
    },
    example: 'ROUND(2.675, 2)',
    numeric: (n, d) => roundDecimal(n, d, 'half-up'),
  },
  {
    name: 'ROUNDUP',
    aliases: ['向上舍入'],
    kind: 'scalar',
    category: 'math',
    params: [x, digits(false)],
    result: 'number',
    description: { en: 'Rounds away from zero', 'zh-CN': '远离零方向舍入' },
    numeric: (n, d) => roundDecimal(n, d, 'up'),
  },
  {
    name: 'ROUNDDOWN',
    aliases: ['向下舍入'],
    kind: 'scalar',
    category: 'math',
    params: [x, digits(false)],
    result: 'number',
    description: { en: 'Rounds toward zero', 'zh-CN': '向零方向舍入' },
    numeric: (n, d) => roundDecimal(n, d, 'down'),
  },
  {
    name: 'INT',
    aliases: ['取整'],
    kind: 'scalar',
    category: 'math',
    params: [x],
    result: 'number',
    description: { en: 'Rounds down to the nearest integer', 'zh-CN': '向下取整到最接近的整数' },
    numeric: (n) => Math.floor(n),
  },
  {
    name: 'TRUNC',
    aliases: ['截尾取整'],
    kind: 'scalar',
    category: 'math',
    params: [x, digits(true)],
    result: 'number',
    description: { en: 'Cuts off the decimals (toward zero)', 'zh-CN': '截去小数部分（向零）' },
    numeric: (n, d = 0) => roundDecimal(n, d, 'down'),
  },
  {
    name: 'ABS',
    aliases: ['绝对值'],
    kind: 'scalar',
    category: 'math',
    params: [x],
    result: 'number',
    description: { en: 'Absolute value', 'zh-CN': '绝对值' },
    numeric: (n) => Math.abs(n),
  },
  {
    name: 'MOD',
    aliases: ['求余'],
    kind: 'scalar',
    category: 'math',
    params: [x, p('divisor', 'number', 'The divisor', '除数')],
    result: 'number',
    description: {
      en: 'Remainder after division; takes the sign of the divisor',
      'zh-CN': '相除后的余数，符号与除数相同',
    },
    numeric: (n, d) => (d === 0 ? DIV0 : finite(round15(n - d * Math.floor(n / d)))),
  },
  {
    name: 'POWER',
    aliases: ['幂'],
    kind: 'scalar',
    category: 'math',
    params: [x, p('power', 'number', 'The exponent', '指数')],
    result: 'number',
    description: { en: 'A number raised to a power (same as ^)', 'zh-CN': '乘幂（同 ^）' },
    numeric: power,
  },
  {
    name: 'SQRT',
    aliases: ['平方根'],
    kind: 'scalar',
    category: 'math',
    params: [x],
    result: 'number',
    description: { en: 'Square root', 'zh-CN': '平方根' },
    numeric: (n) => (n < 0 ? NUM : Math.sqrt(n)),
  },
  {
    name: 'EXP',
    kind: 'scalar',
    category: 'math',
    params: [x],
    result: 'number',
    description: { en: 'e raised to a power', 'zh-CN': 'e 的乘幂' },
    numeric: (n) => finite(Math.exp(n)),
  },
  {
    name: 'LN',
    kind: 'scalar',
    category: 'math',
    params: [x],
    result: 'number',
    description: { en: 'Natural logarithm', 'zh-CN': '自然对数' },
    numeric: (n) => (n <= 0 ? NUM : Math.log(n)),
  },
  {
    name: 'LOG10',
    kind: 'scalar',
    category: 'math',
    params: [x],
    result: 'number',
    description: { en: 'Base-10 logarithm', 'zh-CN': '以 10 为底的对数' },
    numeric: (n) => (n <= 0 ? NUM : Math.log10(n)),
  },
  {
    name: 'CEILING',
    aliases: ['向上取倍数'],
    kind: 'scalar',
    category: 'math',
    params: [x, sig],
    result: 'number',
    description: { en: 'Rounds up to a multiple of significance', 'zh-CN': '向上舍入为指定倍数' },
    numeric: ceilingOrFloor(true),
  },
  {
    name: 'FLOOR',
    aliases: ['向下取倍数'],
    kind: 'scalar',
    category: 'math',
    params: [x, sig],
    result: 'number',
    description: { en: 'Rounds down to a multiple of significance', 'zh-CN': '向下舍入为指定倍数' },
    numeric: ceilingOrFloor(false),
  },
];
