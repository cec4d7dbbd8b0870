import type { FromSchema } from 'json-schema-to-ts';

export const scorecardQuerySchema = {
  $id: 'keyscore:scorecard-query',
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  properties: {
    period: {
      type: 'string',
      pattern: '^\\d{4}-Q[1-4]$',
      description: 'The quarter to score, e.g. 2026-Q3.',
    },
    lang: { type: 'string', enum: ['zh-CN', 'en'] },
  },
} as const;
export type ScorecardQuery = FromSchema<typeof scorecardQuerySchema>;

export const setTargetsSchema = {
  $id: 'keyscore:set-account-targets',
  title: 'Per-account KPI targets for a quarter',
  type: 'object',
  additionalProperties: false,
  required: ['period', 'targets'],
  properties: {
    period: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' },
    targets: {
      type: 'object',
      minProperties: 1,
      maxProperties: 50,
      propertyNames: { pattern: '^[a-z][a-z0-9_]{0,63}$' },
      additionalProperties: { type: 'number' },
    },
  },
} as const;
export type SetTargets = FromSchema<typeof setTargetsSchema>;
