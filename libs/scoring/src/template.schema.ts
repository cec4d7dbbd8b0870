import type { FromSchema } from 'json-schema-to-ts';
import {
  KEY_PATTERN,
  bilingualSchema,
  scoringRuleSchema,
  targetRuleSchema,
  windowSchema,
} from './kpi.schema';

/** One KPI of a scorecard. In a child template or an account override, fields given replace the base's. */
export const templateEntrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kpi'],
  properties: {
    kpi: { type: 'string', pattern: KEY_PATTERN },
    weight: { type: 'number', minimum: 0, maximum: 100 },
    target: targetRuleSchema,
    scoring: scoringRuleSchema,
    window: windowSchema,
  },
} as const;
export type TemplateEntry = FromSchema<typeof templateEntrySchema>;

export const ratingBandSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rating', 'min'],
  properties: {
    rating: { type: 'string', minLength: 1, maxLength: 16 },
    min: { type: 'number', minimum: 0 },
    label: bilingualSchema,
  },
} as const;
export type RatingBand = FromSchema<typeof ratingBandSchema>;

export const scorecardTemplateSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'keyscore:scorecard-template',
  title: 'Scorecard template',
  type: 'object',
  additionalProperties: false,
  required: ['key', 'name', 'accountType', 'entries'],
  properties: {
    key: { type: 'string', pattern: KEY_PATTERN },
    version: { type: 'integer', minimum: 1 },
    name: bilingualSchema,
    accountType: { type: 'string', minLength: 1, maxLength: 64 },
    extends: { type: 'string', pattern: KEY_PATTERN, description: 'Key of the base template.' },
    entries: { type: 'array', maxItems: 100, items: templateEntrySchema },
    remove: {
      type: 'array',
      maxItems: 100,
      items: { type: 'string', pattern: KEY_PATTERN },
      description: 'KPIs of the base template this one drops.',
    },
    horizonBalance: {
      type: 'object',
      additionalProperties: false,
      required: ['long'],
      description: 'The weight long-horizon KPIs must carry (percent of 100), ± tolerance.',
      properties: {
        long: { type: 'number', minimum: 0, maximum: 100 },
        tolerance: { type: 'number', minimum: 0, maximum: 100 },
      },
    },
    ratingBands: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: ratingBandSchema,
      description: 'Best first; a score gets the first band whose min it reaches.',
    },
    deferral: {
      type: 'object',
      additionalProperties: false,
      required: ['share'],
      description: 'Percent of the score deferred to (paid out in) the next cycle.',
      properties: { share: { type: 'number', minimum: 0, maximum: 100 } },
    },
  },
} as const;
export type ScorecardTemplate = FromSchema<typeof scorecardTemplateSchema>;

/** Per-account deviations from the account type's template. */
export const accountOverrideSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'keyscore:account-scorecard-override',
  type: 'object',
  additionalProperties: false,
  required: ['account'],
  properties: {
    account: { type: 'string', minLength: 1, maxLength: 64 },
    template: {
      type: 'string',
      pattern: KEY_PATTERN,
      description: 'Use this template instead of the type’s.',
    },
    entries: { type: 'array', maxItems: 100, items: templateEntrySchema },
    remove: { type: 'array', maxItems: 100, items: { type: 'string', pattern: KEY_PATTERN } },
  },
} as const;
export type AccountOverride = FromSchema<typeof accountOverrideSchema>;

/** S ≥ 95, A ≥ 85, B ≥ 70, C ≥ 60, else D. */
export const DEFAULT_RATING_BANDS: readonly RatingBand[] = [
  { rating: 'S', min: 95, label: { 'zh-CN': '卓越', en: 'Outstanding' } },
  { rating: 'A', min: 85, label: { 'zh-CN': '优秀', en: 'Excellent' } },
  { rating: 'B', min: 70, label: { 'zh-CN': '良好', en: 'Good' } },
  { rating: 'C', min: 60, label: { 'zh-CN': '合格', en: 'Acceptable' } },
  { rating: 'D', min: 0, label: { 'zh-CN': '待改进', en: 'Needs improvement' } },
];
