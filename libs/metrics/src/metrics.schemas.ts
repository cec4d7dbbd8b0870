import type { FromSchema } from 'json-schema-to-ts';
import { PERIOD_KINDS, VALUE_STATES } from '@keyscore/persistence';

/** Sources a caller may write; `rollup` rows are computed by the worker only. */
export const WRITABLE_SOURCES = ['connector', 'import', 'survey', 'manual'] as const;

export const MAX_BATCH_ROWS = 10_000;

export const metricValueRowSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accountCode', 'metricKey', 'period', 'value', 'state', 'source'],
  properties: {
    accountCode: { type: 'string', minLength: 1, maxLength: 64 },
    metricKey: { type: 'string', minLength: 1, maxLength: 64 },
    period: {
      type: 'string',
      pattern: '^\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$',
      description: '2026, 2026-Q3 or 2026-07',
    },
    value: { type: ['number', 'null'] },
    state: { type: 'string', enum: VALUE_STATES },
    source: { type: 'string', enum: WRITABLE_SOURCES },
    sourceRecordId: { type: 'string', maxLength: 200 },
  },
} as const;

export const recordMetricValuesSchema = {
  $id: 'keyscore:record-metric-values',
  title: 'A batch of metric values',
  type: 'object',
  additionalProperties: false,
  required: ['rows'],
  properties: { rows: { type: 'array', minItems: 1, maxItems: MAX_BATCH_ROWS, items: metricValueRowSchema } },
} as const;
export type RecordMetricValues = FromSchema<typeof recordMetricValuesSchema>;
export type MetricValueRow = RecordMetricValues['rows'][number];

export const listMetricValuesQuerySchema = {
  $id: 'keyscore:list-metric-values-query',
  type: 'object',
  additionalProperties: false,
  properties: {
    metricKey: { type: 'string', maxLength: 64 },
    periodKind: { type: 'string', enum: PERIOD_KINDS },
    lang: { type: 'string', enum: ['zh-CN', 'en'] },
  },
} as const;
export type ListMetricValuesQuery = FromSchema<typeof listMetricValuesQuerySchema>;
