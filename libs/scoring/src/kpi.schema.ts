import type { FromSchema } from 'json-schema-to-ts';

/** JSON Schemas (2020-12) of the scoring documents; the documents issue reuses them under schemas/. */

export const KPI_FAMILIES = [
  'performance',
  'satisfaction',
  'loyalty',
  'market_share',
  'operations',
  'capability',
] as const;
export type KpiFamily = (typeof KPI_FAMILIES)[number];

export const KEY_PATTERN = '^[a-z][a-z0-9_]{0,63}$';

export const bilingualSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['zh-CN', 'en'],
  properties: {
    'zh-CN': { type: 'string', minLength: 1, maxLength: 500 },
    en: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const;

/** How the target of a KPI is set. */
export const targetRuleSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'value'],
      properties: { type: { const: 'fixed' }, value: { type: 'number' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'rate'],
      description: 'Target = the same period last year × (1 + rate); rate 0.2 is +20%.',
      properties: { type: { const: 'growth' }, rate: { type: 'number', minimum: -1, maximum: 100 } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      description: 'Target set per account (the plan); `default` applies when an account has none.',
      properties: { type: { const: 'per_account' }, default: { type: 'number' } },
    },
  ],
} as const;
export type TargetRule = FromSchema<typeof targetRuleSchema>;

const bandSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['threshold', 'score'],
  properties: { threshold: { type: 'number' }, score: { type: 'number', minimum: 0, maximum: 1000 } },
} as const;

/** How a value and its target become a score (normally 0–100, up to `cap` for stretch). */
export const scoringRuleSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'floor', 'stretch', 'cap'],
      description:
        'Higher is better: 0 at floor, 100 at target, cap at stretch, linear between. With relative, floor and stretch are multiples of the target.',
      properties: {
        type: { const: 'linear' },
        floor: { type: 'number' },
        stretch: { type: 'number' },
        cap: { type: 'number', minimum: 100, maximum: 1000 },
        relative: { type: 'boolean' },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'ceiling', 'stretch', 'cap'],
      description: 'Lower is better: 0 at ceiling, 100 at target, cap at stretch (below the target).',
      properties: {
        type: { const: 'lower_is_better' },
        ceiling: { type: 'number' },
        stretch: { type: 'number' },
        cap: { type: 'number', minimum: 100, maximum: 1000 },
        relative: { type: 'boolean' },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'bands'],
      description:
        'Step bands in ascending threshold order. Higher is better: the best band reached; lower is better: the first band not exceeded.',
      properties: {
        type: { const: 'step' },
        bands: { type: 'array', minItems: 1, maxItems: 20, items: bandSchema },
        relative: { type: 'boolean' },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'cap'],
      description:
        'A gate: the value counts breaches; above `breachAbove` (default 0) the KPI scores 0 and the account total is capped at `cap`.',
      properties: {
        type: { const: 'gate' },
        cap: { type: 'number', minimum: 0, maximum: 1000 },
        breachAbove: { type: 'number' },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'formula'],
      description:
        'A custom formula over value, target, prior (same period last year) and previous (previous period); blank when unknown. The result is clamped to [0, cap].',
      properties: {
        type: { const: 'formula' },
        formula: { type: 'string', minLength: 1, maxLength: 2000 },
        cap: { type: 'number', minimum: 0, maximum: 1000 },
      },
    },
  ],
} as const;
export type ScoringRule = FromSchema<typeof scoringRuleSchema>;
export type ScoringRuleType = ScoringRule['type'];

/** A rolling window over the last N periods (the current one included), for long-horizon KPIs. */
export const windowSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['periods'],
  properties: {
    periods: { type: 'integer', minimum: 1, maximum: 24 },
    aggregate: { enum: ['average', 'sum', 'last'], description: 'average when omitted' },
  },
} as const;
export type WindowSpec = FromSchema<typeof windowSchema>;

export const kpiDefinitionSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'keyscore:kpi-definition',
  title: 'KPI definition',
  type: 'object',
  additionalProperties: false,
  required: ['key', 'name', 'family', 'unit', 'direction', 'horizon', 'formula', 'target', 'scoring'],
  properties: {
    key: { type: 'string', pattern: KEY_PATTERN },
    version: { type: 'integer', minimum: 1, description: 'The published version that scores pin.' },
    name: bilingualSchema,
    description: bilingualSchema,
    family: { enum: KPI_FAMILIES },
    unit: { type: 'string', minLength: 1, maxLength: 32, description: 'CNY, %, ratio, score, days, years…' },
    direction: { enum: ['higher', 'lower'] },
    horizon: { enum: ['short', 'long'] },
    formula: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      description: 'Over metric keys and @other_kpi references.',
    },
    target: targetRuleSchema,
    scoring: scoringRuleSchema,
    window: windowSchema,
  },
} as const;
export type KpiDefinition = FromSchema<typeof kpiDefinitionSchema>;
