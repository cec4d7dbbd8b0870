import type { MetricEntity } from '@keyscore/persistence';

/** Metrics every workspace has; loaded (idempotently) at every start. KPIs are formulas over these. */
export const BUILTIN_METRICS: Omit<MetricEntity, 'createdAt'>[] = [
  { key: 'revenue', nameZh: '销售收入', nameEn: 'Revenue', unit: 'CNY', rollup: 'sum' },
  { key: 'profit', nameZh: '毛利', nameEn: 'Gross profit', unit: 'CNY', rollup: 'sum' },
  { key: 'orders', nameZh: '订单数', nameEn: 'Orders', unit: 'count', rollup: 'sum' },
];
