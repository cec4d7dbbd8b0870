import type { Bilingual } from '@keyscore/i18n';
import { KPI_FAMILIES } from '@keyscore/scoring';

const FAMILY_NAMES: Record<(typeof KPI_FAMILIES)[number], Bilingual> = {
  performance: { 'zh-CN': '业绩指标', en: 'Performance and financial' },
  satisfaction: { 'zh-CN': '客户满意度', en: 'Customer satisfaction' },
  loyalty: { 'zh-CN': '客户忠诚度', en: 'Customer loyalty' },
  market_share: { 'zh-CN': '市场份额', en: 'Market share' },
  operations: { 'zh-CN': '内部运营', en: 'Internal operations' },
  capability: { 'zh-CN': '能力与协同', en: 'Capability and coordination' },
};

/** Texts that put a KPI's unit, direction, horizon, target and scoring rule into words (both KPI pages). */
export const KPI_WORDS_TEXTS: Record<string, Bilingual> = {
  ...Object.fromEntries(KPI_FAMILIES.map((f) => [`family.${f}`, FAMILY_NAMES[f]])),
  'unit.CNY': { 'zh-CN': '{v} 元', en: 'CNY {v}' },
  'unit.hours': { 'zh-CN': '{v} 小时', en: '{v} h' },
  'unit.years': { 'zh-CN': '{v} 年', en: '{v} years' },
  'unit.days': { 'zh-CN': '{v} 天', en: '{v} days' },
  'unitName.CNY': { 'zh-CN': '元', en: 'CNY' },
  'unitName.%': { 'zh-CN': '百分比', en: '%' },
  'unitName.score': { 'zh-CN': '分', en: 'score' },
  'unitName.count': { 'zh-CN': '次数', en: 'count' },
  'unitName.hours': { 'zh-CN': '小时', en: 'hours' },
  'unitName.years': { 'zh-CN': '年', en: 'years' },
  'unitName.days': { 'zh-CN': '天', en: 'days' },
  'direction.higher': { 'zh-CN': '越高越好', en: 'higher is better' },
  'direction.lower': { 'zh-CN': '越低越好', en: 'lower is better' },
  'horizon.short': { 'zh-CN': '短期', en: 'short term' },
  'horizon.long': { 'zh-CN': '长期', en: 'long term' },
  'aggregate.average': { 'zh-CN': '平均', en: 'average' },
  'aggregate.sum': { 'zh-CN': '合计', en: 'sum' },
  'aggregate.last': { 'zh-CN': '最近一期', en: 'latest' },
  'words.window': {
    'zh-CN': '滚动 {periods} 期（{aggregate}）',
    en: 'rolling {periods} periods ({aggregate})',
  },
  'words.ofTarget': { 'zh-CN': '目标的 {p}%', en: '{p}% of target' },
  'words.target.fixed': { 'zh-CN': '固定目标 {v}', en: 'Fixed: {v}' },
  'words.target.growth': { 'zh-CN': '比去年同期增长 {p}%', en: '+{p}% on the same period last year' },
  'words.target.perAccount': { 'zh-CN': '按客户设定（年度计划）', en: 'Set per account (the plan)' },
  'words.target.perAccountDefault': {
    'zh-CN': '按客户设定，未设定时为 {v}',
    en: 'Set per account; {v} when an account has none',
  },
  'words.rule.linear': {
    'zh-CN': '越高越好：{floor} 得 0 分，达到目标得 100 分，{stretch} 得 {cap} 分（封顶），其间线性',
    en: 'Higher is better: 0 points at {floor}, 100 at the target, {cap} (the cap) at {stretch}, linear between',
  },
  'words.rule.lower': {
    'zh-CN': '越低越好：{ceiling} 得 0 分，达到目标得 100 分，{stretch} 得 {cap} 分（封顶），其间线性',
    en: 'Lower is better: 0 points at {ceiling}, 100 at the target, {cap} (the cap) at {stretch}, linear between',
  },
  'words.rule.band': { 'zh-CN': '{at} → {score} 分', en: '{at} → {score}' },
  'words.separator': { 'zh-CN': '；', en: '; ' },
  'words.rule.step': { 'zh-CN': '分档（达到即得）：{bands}', en: 'Steps (the best band reached): {bands}' },
  'words.rule.stepLower': {
    'zh-CN': '分档（不超过即得）：{bands}',
    en: 'Steps (the first band not exceeded): {bands}',
  },
  'words.rule.gate': {
    'zh-CN': '门槛：违规次数超过 {above} 时本项 0 分，客户总分封顶 {cap}',
    en: 'Gate: more than {above} breaches scores 0 and caps the account total at {cap}',
  },
  'words.rule.formula': { 'zh-CN': '自定义公式', en: 'Custom formula' },
  'words.rule.formulaCap': {
    'zh-CN': '自定义公式，最高 {cap} 分',
    en: 'Custom formula, at most {cap} points',
  },
  'type.multinational': { 'zh-CN': '跨国企业', en: 'Multinational enterprise' },
  'type.local_large_enterprise': { 'zh-CN': '本地大型企业', en: 'Local large enterprise' },
  'type.key_account': { 'zh-CN': '大客户（通用）', en: 'Key account (any)' },
};
