import type { Bilingual } from '../bilingual';

export interface MetricSpec {
  readonly key: string;
  readonly name: Bilingual;
  readonly unit: string;
  /** How months roll up to quarters and years (the metrics store's rule). */
  readonly rollup: 'sum' | 'average' | 'last';
}

/** Metrics the built-in KPIs read; the Nest side registers them so connectors and imports can fill them. */
export const BUILTIN_METRICS: readonly MetricSpec[] = [
  { key: 'revenue', name: { 'zh-CN': '销售收入', en: 'Revenue' }, unit: 'CNY', rollup: 'sum' },
  { key: 'profit', name: { 'zh-CN': '利润', en: 'Profit' }, unit: 'CNY', rollup: 'sum' },
  { key: 'orders', name: { 'zh-CN': '订单数', en: 'Orders' }, unit: 'count', rollup: 'sum' },
  {
    key: 'repeat_orders',
    name: { 'zh-CN': '复购订单数', en: 'Repeat orders' },
    unit: 'count',
    rollup: 'sum',
  },
  {
    key: 'satisfaction_score',
    name: { 'zh-CN': '满意度调查得分', en: 'Satisfaction survey score' },
    unit: 'score',
    rollup: 'average',
  },
  // The dimensions of the customer satisfaction survey, written by survey roll-ups beside the overall score.
  {
    key: 'satisfaction_service',
    name: { 'zh-CN': '满意度：服务质量', en: 'Satisfaction: service quality' },
    unit: 'score',
    rollup: 'average',
  },
  {
    key: 'satisfaction_product',
    name: { 'zh-CN': '满意度：产品质量', en: 'Satisfaction: product quality' },
    unit: 'score',
    rollup: 'average',
  },
  {
    key: 'satisfaction_response',
    name: { 'zh-CN': '满意度：响应速度', en: 'Satisfaction: response speed' },
    unit: 'score',
    rollup: 'average',
  },
  {
    key: 'cooperation_years',
    name: { 'zh-CN': '合作年限', en: 'Years of cooperation' },
    unit: 'years',
    rollup: 'last',
  },
  {
    key: 'category_spend',
    name: { 'zh-CN': '客户同类采购总额', en: 'Account’s total spend in our category' },
    unit: 'CNY',
    rollup: 'sum',
  },
  {
    key: 'active_lines',
    name: { 'zh-CN': '合作产品线数', en: 'Active product lines' },
    unit: 'count',
    rollup: 'last',
  },
  {
    key: 'churned_lines',
    name: { 'zh-CN': '流失产品线数', en: 'Product lines lost' },
    unit: 'count',
    rollup: 'sum',
  },
  { key: 'complaints', name: { 'zh-CN': '投诉数', en: 'Complaints' }, unit: 'count', rollup: 'sum' },
  {
    key: 'complaints_resolved_on_time',
    name: { 'zh-CN': '按时解决的投诉数', en: 'Complaints resolved on time' },
    unit: 'count',
    rollup: 'sum',
  },
  {
    key: 'response_hours_avg',
    name: { 'zh-CN': '平均响应时长', en: 'Average response time' },
    unit: 'hours',
    rollup: 'average',
  },
  {
    key: 'cultural_adaptation_score',
    name: { 'zh-CN': '文化适应评估得分', en: 'Cultural adaptation assessment' },
    unit: 'score',
    rollup: 'average',
  },
  {
    key: 'compliance_breaches',
    name: {
      'zh-CN': '国际合规违规次数（贸易条款、税务）',
      en: 'International compliance breaches (trade terms, tax)',
    },
    unit: 'count',
    rollup: 'sum',
  },
  {
    key: 'global_requests',
    name: { 'zh-CN': '全球协同事项数', en: 'Global coordination requests' },
    unit: 'count',
    rollup: 'sum',
  },
  {
    key: 'global_requests_on_time',
    name: { 'zh-CN': '按时完成的全球协同事项数', en: 'Global coordination requests on time' },
    unit: 'count',
    rollup: 'sum',
  },
  {
    key: 'local_influence_index',
    name: { 'zh-CN': '本地市场影响力指数', en: 'Local market influence index' },
    unit: 'score',
    rollup: 'average',
  },
  {
    key: 'local_compliance_breaches',
    name: { 'zh-CN': '本地法规违规次数（如环保）', en: 'Local regulatory breaches (e.g. environmental)' },
    unit: 'count',
    rollup: 'sum',
  },
  {
    key: 'local_response_hours',
    name: { 'zh-CN': '本地服务响应时长', en: 'Local service response time' },
    unit: 'hours',
    rollup: 'average',
  },
  {
    key: 'customisation_requests',
    name: { 'zh-CN': '定制需求数', en: 'Customisation requests' },
    unit: 'count',
    rollup: 'sum',
  },
  {
    key: 'customisation_delivered',
    name: { 'zh-CN': '已交付的定制需求数', en: 'Customisation requests delivered' },
    unit: 'count',
    rollup: 'sum',
  },
];
