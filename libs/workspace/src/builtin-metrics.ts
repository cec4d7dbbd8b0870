import type { MetricEntity } from '@keyscore/persistence';
import { BUILTIN_METRICS as SCORING_METRICS } from '@keyscore/scoring';

/**
 * Metrics every workspace has — the ones the built-in KPI library reads — loaded idempotently at every
 * start so connectors, imports and surveys can fill them.
 */
export const BUILTIN_METRICS: Omit<MetricEntity, 'createdAt'>[] = SCORING_METRICS.map((m) => ({
  key: m.key,
  nameZh: m.name['zh-CN'],
  nameEn: m.name.en,
  unit: m.unit,
  rollup: m.rollup,
}));
