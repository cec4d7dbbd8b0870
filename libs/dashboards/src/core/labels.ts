import type { Bilingual } from '@keyscore/i18n';
import { BUILTIN_KPIS, DEFAULT_RATING_BANDS } from '@keyscore/scoring';
import { BUILTIN_WORKFLOWS } from '@keyscore/workflow';
import type { LabelKind } from './datasets';

const t = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, en });
const map = (entries: Record<string, Bilingual>) => new Map(Object.entries(entries));

/**
 * Display names of dimension values that do not live in the directory: account types, regions, ratings,
 * KPIs, statuses and workflow stages (the step titles of the built-in workflows). A value without a name
 * shows as itself.
 */
export const STATIC_LABELS: ReadonlyMap<LabelKind, ReadonlyMap<string, Bilingual>> = new Map<
  LabelKind,
  ReadonlyMap<string, Bilingual>
>([
  [
    'accountType',
    map({
      multinational: t('跨国企业', 'Multinational'),
      local_enterprise: t('本地大型企业', 'Local large enterprise'),
    }),
  ],
  [
    'region',
    map({
      east: t('华东', 'East'),
      north: t('华北', 'North'),
      south: t('华南', 'South'),
      southwest: t('西南', 'Southwest'),
      northwest: t('西北', 'Northwest'),
      northeast: t('东北', 'Northeast'),
      central: t('华中', 'Central'),
      west: t('西部', 'West'),
    }),
  ],
  [
    'industry',
    map({
      energy: t('能源', 'Energy'),
      automotive: t('汽车', 'Automotive'),
      chemicals: t('化工', 'Chemicals'),
      manufacturing: t('制造', 'Manufacturing'),
      pharma: t('医药', 'Pharma'),
      retail: t('零售', 'Retail'),
      logistics: t('物流', 'Logistics'),
      electronics: t('电子', 'Electronics'),
      finance: t('金融', 'Finance'),
    }),
  ],
  [
    'rating',
    new Map(
      DEFAULT_RATING_BANDS.map((b) => [
        b.rating,
        b.label
          ? t(`${b.rating}（${b.label['zh-CN']}）`, `${b.rating} (${b.label.en})`)
          : t(b.rating, b.rating),
      ]),
    ),
  ],
  ['kpi', new Map(BUILTIN_KPIS.map((k) => [k.key, k.name]))],
  [
    'family',
    map({
      performance: t('业绩', 'Performance'),
      satisfaction: t('客户满意度', 'Satisfaction'),
      loyalty: t('客户忠诚度', 'Loyalty'),
      market_share: t('市场份额', 'Market share'),
      operations: t('内部运营', 'Operations'),
      capability: t('能力', 'Capability'),
    }),
  ],
  [
    'kpiStatus',
    map({
      scored: t('已评分', 'Scored'),
      pending: t('待定', 'Pending'),
      sealed: t('保密', 'Sealed'),
      no_target: t('无目标', 'No target'),
      error: t('计算错误', 'Error'),
      not_applicable: t('不适用', 'Not applicable'),
      exempt: t('豁免', 'Exempt'),
    }),
  ],
  [
    'instanceStatus',
    map({
      created: t('待启动', 'Created'),
      running: t('进行中', 'Running'),
      completed: t('已完成', 'Completed'),
      rejected: t('已驳回', 'Rejected'),
      cancelled: t('已取消', 'Cancelled'),
    }),
  ],
  [
    'taskStatus',
    map({ open: t('待办', 'Open'), done: t('已完成', 'Done'), cancelled: t('已取消', 'Cancelled') }),
  ],
  [
    'function',
    map({
      sales: t('销售', 'Sales'),
      after_sales: t('售后服务', 'After-sales'),
      technical_support: t('技术支持', 'Technical support'),
    }),
  ],
  [
    'stage',
    (() => {
      const stages = new Map<string, Bilingual>();
      // The quarterly review first: its titles win where several workflows share a step id.
      for (const workflow of BUILTIN_WORKFLOWS)
        for (const step of workflow.steps) if (!stages.has(step.id)) stages.set(step.id, step.title);
      return stages;
    })(),
  ],
]);
