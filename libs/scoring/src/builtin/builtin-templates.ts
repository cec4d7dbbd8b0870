import { DEFAULT_RATING_BANDS, ScorecardTemplate } from '../template.schema';

/** The common base every key-account type extends: the ten general KPIs. */
export const KEY_ACCOUNT_BASE_TEMPLATE: ScorecardTemplate = {
  key: 'key_account_base',
  version: 1,
  name: { 'zh-CN': '大客户通用考核模板', en: 'Key account (base)' },
  accountType: 'key_account',
  entries: [
    { kpi: 'key_account_revenue', weight: 15 },
    { kpi: 'profit', weight: 15 },
    { kpi: 'revenue_growth', weight: 10 },
    { kpi: 'customer_satisfaction', weight: 15 },
    { kpi: 'repeat_purchase_rate', weight: 10 },
    { kpi: 'cooperation_tenure', weight: 5 },
    { kpi: 'market_share', weight: 10 },
    { kpi: 'churn_rate', weight: 10 },
    { kpi: 'complaint_handling', weight: 5 },
    { kpi: 'response_timeliness', weight: 5 },
  ],
  horizonBalance: { long: 15, tolerance: 10 },
  ratingBands: [...DEFAULT_RATING_BANDS],
  deferral: { share: 10 },
};

/** Multinational accounts (跨国企业): adds cultural adaptation, the international compliance gate, global coordination. */
export const MULTINATIONAL_TEMPLATE: ScorecardTemplate = {
  key: 'multinational',
  version: 1,
  name: { 'zh-CN': '跨国企业客户考核模板', en: 'Multinational enterprise' },
  accountType: 'multinational',
  extends: 'key_account_base',
  entries: [
    { kpi: 'key_account_revenue', weight: 12 },
    { kpi: 'profit', weight: 12 },
    { kpi: 'revenue_growth', weight: 8 },
    { kpi: 'customer_satisfaction', weight: 12 },
    { kpi: 'repeat_purchase_rate', weight: 8 },
    { kpi: 'market_share', weight: 8 },
    { kpi: 'churn_rate', weight: 5 },
    { kpi: 'cultural_adaptation', weight: 8 },
    { kpi: 'international_compliance', weight: 4 },
    { kpi: 'global_coordination_efficiency', weight: 8 },
  ],
  horizonBalance: { long: 21, tolerance: 5 },
};

/**
 * Local large enterprises (本地大型企业): adds local market influence, the local regulatory compliance gate
 * and localised service level, which replaces the generic response timeliness.
 */
export const LOCAL_LARGE_ENTERPRISE_TEMPLATE: ScorecardTemplate = {
  key: 'local_large_enterprise',
  version: 1,
  name: { 'zh-CN': '本地大型企业客户考核模板', en: 'Local large enterprise' },
  accountType: 'local_large_enterprise',
  extends: 'key_account_base',
  remove: ['response_timeliness'],
  entries: [
    { kpi: 'key_account_revenue', weight: 12 },
    { kpi: 'profit', weight: 12 },
    { kpi: 'revenue_growth', weight: 8 },
    { kpi: 'customer_satisfaction', weight: 12 },
    { kpi: 'repeat_purchase_rate', weight: 8 },
    { kpi: 'market_share', weight: 8 },
    { kpi: 'churn_rate', weight: 5 },
    { kpi: 'local_market_influence', weight: 10 },
    { kpi: 'local_regulatory_compliance', weight: 5 },
    { kpi: 'localised_service_level', weight: 10 },
  ],
  horizonBalance: { long: 23, tolerance: 5 },
};

export const BUILTIN_TEMPLATES: readonly ScorecardTemplate[] = [
  KEY_ACCOUNT_BASE_TEMPLATE,
  MULTINATIONAL_TEMPLATE,
  LOCAL_LARGE_ENTERPRISE_TEMPLATE,
];
