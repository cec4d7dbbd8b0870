import { DIV0, NUM } from '../errors';
import { finite } from '../numeric';
import { Value } from '../value';
import { FunctionDef, p } from './types';

const actual = p('actual', 'number', 'The actual value', '实际值');
const maxScore = p('max', 'number', 'Score at the stretch value (e.g. 120)', '达到挑战值时的得分（如 120）');

/** Piecewise linear: 0 at `floor`, 100 at `target`, `max` at `stretch`, capped at `max`, never below 0. */
function linear(a: number, floor: number, target: number, stretch: number, max: number): number | typeof NUM {
  if (!(floor < target && target <= stretch) || max < 100) return NUM;
  if (a <= floor) return 0;
  if (a < target) return finite(((a - floor) / (target - floor)) * 100) as number;
  if (stretch === target || a >= stretch) return max;
  return finite(100 + ((a - target) / (stretch - target)) * (max - 100)) as number;
}

/** STEP_SCORE bands: (threshold, score) pairs with ascending thresholds. */
function step(args: readonly Value[], lowerIsBetter: boolean): Value {
  const a = args[0] as number;
  let prev = -Infinity;
  for (let i = 1; i + 1 < args.length; i += 2) {
    const t = args[i] as number;
    if (t <= prev) return NUM;
    prev = t;
  }
  if (lowerIsBetter) {
    for (let i = 1; i + 1 < args.length; i += 2) if (a <= (args[i] as number)) return args[i + 1];
    return 0;
  }
  let score: Value = 0;
  for (let i = 1; i + 1 < args.length; i += 2) if (a >= (args[i] as number)) score = args[i + 1];
  return score;
}

const bandParams = [
  actual,
  p('threshold', 'number', 'Band threshold (ascending)', '档位阈值（升序）'),
  p('score', 'number', 'Score of the band', '该档得分'),
];

export const SCORING_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'DIVIDE',
    aliases: ['安全除'],
    kind: 'scalar',
    category: 'scoring',
    params: [
      p('numerator', 'number', 'Numerator', '被除数'),
      p('denominator', 'number', 'Denominator', '除数'),
      p(
        'fallback',
        'any',
        'Result when the denominator is 0 (default blank)',
        '除数为 0 时的结果（默认为空）',
        {
          optional: true,
        },
      ),
    ],
    result: 'number',
    description: {
      en: 'Division that returns a fallback instead of #DIV/0!',
      'zh-CN': '除数为 0 时返回备用值而非 #DIV/0!',
    },
    fn: ([n, d, fallback = null]) => ((d as number) === 0 ? fallback : finite((n as number) / (d as number))),
  },
  {
    name: 'CLAMP',
    aliases: ['限幅'],
    kind: 'scalar',
    category: 'scoring',
    params: [
      p('value', 'number', 'The value', '值'),
      p('min', 'number', 'Lower bound', '下限'),
      p('max', 'number', 'Upper bound', '上限'),
    ],
    result: 'number',
    description: {
      en: 'Limits a value to [min, max]; #NUM! when min > max',
      'zh-CN': '将值限制在 [下限, 上限]；下限大于上限时为 #NUM!',
    },
    numeric: (v, lo, hi) => (lo > hi ? NUM : v < lo ? lo : v > hi ? hi : v),
  },
  {
    name: 'GROWTH',
    aliases: ['增长率'],
    kind: 'scalar',
    category: 'scoring',
    params: [actual, p('base', 'number', 'The base (e.g. last period)', '基数（如上期值）')],
    result: 'number',
    description: {
      en: 'Growth rate (actual − base) / |base|. Not Excel’s regression GROWTH.',
      'zh-CN': '增长率 (实际值 − 基数) / |基数|（不是 Excel 的回归函数 GROWTH）',
    },
    numeric: (a, b) => (b === 0 ? DIV0 : finite((a - b) / Math.abs(b))),
  },
  {
    name: 'LINEAR_SCORE',
    aliases: ['线性得分'],
    kind: 'scalar',
    category: 'scoring',
    params: [
      actual,
      p('floor', 'number', 'Value that scores 0', '得 0 分的值'),
      p('target', 'number', 'Value that scores 100', '得 100 分的值'),
      p('stretch', 'number', 'Value that scores max', '得满分的挑战值'),
      maxScore,
    ],
    result: 'number',
    description: {
      en: 'Higher is better: 0 at floor, 100 at target, max at stretch, linear between',
      'zh-CN': '越高越好：底线 0 分，目标 100 分，挑战值得满分，中间线性',
    },
    numeric: linear,
  },
  {
    name: 'LINEAR_SCORE_LOWER',
    aliases: ['线性得分越低越好'],
    kind: 'scalar',
    category: 'scoring',
    params: [
      actual,
      p('ceiling', 'number', 'Value that scores 0', '得 0 分的值'),
      p('target', 'number', 'Value that scores 100', '得 100 分的值'),
      p('stretch', 'number', 'Value that scores max', '得满分的挑战值'),
      maxScore,
    ],
    result: 'number',
    description: {
      en: 'Lower is better (churn, complaint time): 0 at ceiling, 100 at target, max at stretch',
      'zh-CN': '越低越好（流失率、投诉处理时长）：上限 0 分，目标 100 分，挑战值得满分',
    },
    numeric: (a, c, t, s, m) => linear(-a, -c, -t, -s, m),
  },
  {
    name: 'STEP_SCORE',
    aliases: ['阶梯得分'],
    kind: 'scalar',
    category: 'scoring',
    params: bandParams,
    repeat: 2,
    arityOk: (n) => n % 2 === 1,
    result: 'number',
    description: {
      en: 'Score of the highest band whose threshold the actual reaches (0 below all)',
      'zh-CN': '实际值达到的最高档位的得分（低于所有档位为 0）',
    },
    fn: (args) => step(args, false),
  },
  {
    name: 'STEP_SCORE_LOWER',
    aliases: ['阶梯得分越低越好'],
    kind: 'scalar',
    category: 'scoring',
    params: bandParams,
    repeat: 2,
    arityOk: (n) => n % 2 === 1,
    result: 'number',
    description: {
      en: 'Lower is better: score of the first band whose threshold the actual does not exceed (0 above all)',
      'zh-CN': '越低越好：实际值不超过的第一个档位的得分（高于所有档位为 0）',
    },
    fn: (args) => step(args, true),
  },
];
