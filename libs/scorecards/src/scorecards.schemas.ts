import type { FromSchema } from 'json-schema-to-ts';
import { KEY_PATTERN, templateEntrySchema } from '@keyscore/scoring';

const quarter = { type: 'string', pattern: '^\\d{4}-Q[1-4]$' } as const;

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
    template: {
      type: 'string',
      pattern: '^[a-z][a-z0-9_]{0,63}(@[1-9][0-9]{0,8})?$',
      description:
        'Preview with a published scorecard template of the account type instead of the built-in one: `key` (latest version) or `key@version`.',
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

/** A published scorecard template version: `version` absent means the latest published one. */
export const templateRefSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key'],
  properties: {
    key: { type: 'string', pattern: KEY_PATTERN },
    version: {
      type: 'integer',
      minimum: 1,
      description: 'Pinned version; the latest published when absent.',
    },
  },
} as const;
export type TemplateRef = FromSchema<typeof templateRefSchema>;

export const setOverrideSchema = {
  $id: 'keyscore:set-scorecard-override',
  title: "One account's deviations from its scorecard template for a quarter / 客户考核模板特例",
  type: 'object',
  additionalProperties: false,
  required: ['period', 'entries'],
  properties: {
    period: quarter,
    entries: {
      type: 'array',
      maxItems: 100,
      items: templateEntrySchema,
      description:
        "KPIs whose weight, target, scoring rule or window differ for this account (given fields replace the template's; a KPI the template lacks is added). Weights must still sum to 100.",
    },
    remove: {
      type: 'array',
      maxItems: 100,
      uniqueItems: true,
      items: { type: 'string', pattern: KEY_PATTERN },
      description: 'KPIs of the template this account is not scored on.',
    },
  },
} as const;
export type SetOverride = FromSchema<typeof setOverrideSchema>;

export const overrideQuerySchema = {
  $id: 'keyscore:scorecard-override-query',
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  properties: { period: quarter, lang: { type: 'string', enum: ['zh-CN', 'en'] } },
} as const;
export type OverrideQuery = FromSchema<typeof overrideQuerySchema>;
