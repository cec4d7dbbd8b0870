import type { FromSchema } from 'json-schema-to-ts';

const lang = { type: 'string', enum: ['zh-CN', 'en'] } as const;

export const importQuerySchema = {
  $id: 'keyscore:import-query',
  type: 'object',
  additionalProperties: false,
  properties: { lang },
} as const;
export type ImportQuery = FromSchema<typeof importQuerySchema>;

export const exportScoresQuerySchema = {
  $id: 'keyscore:export-scores-query',
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  properties: {
    period: { type: 'string', pattern: '^\\d{4}-Q[1-4]$', description: 'The quarter, e.g. 2026-Q3.' },
    lang,
  },
} as const;
export type ExportScoresQuery = FromSchema<typeof exportScoresQuerySchema>;

export const exportMetricValuesQuerySchema = {
  $id: 'keyscore:export-metric-values-query',
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  properties: {
    period: {
      type: 'string',
      pattern: '^\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$',
      description: '2026, 2026-Q3 or 2026-07',
    },
    lang,
  },
} as const;
export type ExportMetricValuesQuery = FromSchema<typeof exportMetricValuesQuerySchema>;
