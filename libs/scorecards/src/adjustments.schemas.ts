import type { FromSchema } from 'json-schema-to-ts';

const adjustment = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'kpi', 'reason'],
  properties: {
    kind: {
      type: 'string',
      enum: ['market_index', 'rebaseline', 'exemption'],
      description:
        'market_index: normalise the value by the index; rebaseline: a new target; exemption: leave the KPI out.',
    },
    kpi: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
    index: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 10,
      description: 'For market_index: 0.9 = the market shrank 10%.',
    },
    target: { type: 'number', description: 'For rebaseline.' },
    reason: { type: 'string', minLength: 3, maxLength: 2000 },
  },
} as const;

export const proposeAdjustmentSchema = {
  $id: 'keyscore:propose-adjustment',
  title: 'Propose an adjustment for an external factor',
  type: 'object',
  additionalProperties: false,
  required: ['period', ...adjustment.required],
  properties: { period: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' }, ...adjustment.properties },
} as const;
export type ProposeAdjustment = FromSchema<typeof proposeAdjustmentSchema>;

export const whatIfSchema = {
  $id: 'keyscore:what-if',
  title: 'Preview adjustments before they are applied',
  type: 'object',
  additionalProperties: false,
  required: ['period', 'adjustments'],
  properties: {
    period: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' },
    adjustments: { type: 'array', minItems: 1, maxItems: 20, items: adjustment },
  },
} as const;
export type WhatIf = FromSchema<typeof whatIfSchema>;
