import type { FromSchema } from 'json-schema-to-ts';

export const setContributionsSchema = {
  $id: 'keyscore:set-contributions',
  title: 'Who gets credit for an account in a quarter',
  type: 'object',
  additionalProperties: false,
  required: ['period', 'mode', 'shares'],
  properties: {
    period: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' },
    mode: {
      type: 'string',
      enum: ['split', 'overlay'],
      description: 'split: percentages sum to 100; overlay: each person up to overlayCap.',
    },
    overlayCap: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
    shares: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['personId', 'percent'],
        properties: {
          personId: { type: 'string', format: 'uuid' },
          percent: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
        },
      },
    },
  },
} as const;
export type SetContributions = FromSchema<typeof setContributionsSchema>;

export const periodQuerySchema = {
  $id: 'keyscore:period-query',
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  properties: {
    period: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' },
    lang: { type: 'string', enum: ['zh-CN', 'en'] },
  },
} as const;
export type PeriodQuery = FromSchema<typeof periodQuerySchema>;
