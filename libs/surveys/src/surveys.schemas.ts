import type { FromSchema } from 'json-schema-to-ts';

const formKey = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' } as const;
const lang = { type: 'string', enum: ['zh-CN', 'en'] } as const;
const answers = {
  type: 'object',
  description: 'The answers, by field name; validated against the pinned form version.',
} as const;

export const createContactSchema = {
  $id: 'keyscore:create-account-contact',
  title: 'New account contact / 新建客户联系人',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: 'string', format: 'email', maxLength: 320 },
    phone: { type: 'string', pattern: '^[0-9+()\\- ]{3,50}$' },
    title: { type: 'string', maxLength: 200, description: 'Job title, e.g. 采购经理.' },
    locale: { ...lang, default: 'zh-CN', description: 'The language the survey page opens in.' },
  },
} as const;
export type CreateContact = FromSchema<typeof createContactSchema>;

export const createCampaignSchema = {
  $id: 'keyscore:create-survey-campaign',
  title: 'New survey campaign (a draft) / 新建客户满意度调查',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'form', 'period', 'accountIds', 'closesAt'],
  properties: {
    name: {
      description: 'A name in both languages, or one text used for both.',
      oneOf: [
        { type: 'string', minLength: 1, maxLength: 200 },
        {
          type: 'object',
          additionalProperties: false,
          required: ['zh-CN', 'en'],
          properties: {
            'zh-CN': { type: 'string', minLength: 1, maxLength: 200 },
            en: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
      ],
    },
    form: {
      type: 'object',
      additionalProperties: false,
      required: ['key'],
      properties: {
        key: formKey,
        version: {
          type: 'integer',
          minimum: 1,
          description: 'Pinned version; the latest published when absent.',
        },
      },
    },
    period: {
      type: 'string',
      pattern: '^\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$',
      description: 'The period the responses count for: 2026, 2026-Q3 or 2026-07.',
    },
    accountIds: {
      type: 'array',
      minItems: 1,
      maxItems: 5000,
      uniqueItems: true,
      items: { type: 'string', maxLength: 36 },
    },
    closesAt: {
      type: 'string',
      format: 'date-time',
      description: 'When the personal links expire.',
    },
    minResponses: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 3,
      description: 'Below this many responses an account’s results are withheld (written as pending).',
    },
  },
} as const;
export type CreateCampaign = FromSchema<typeof createCampaignSchema>;

/** A signed-in user's draft or final answers to a form. */
export const formAnswersSchema = {
  $id: 'keyscore:form-answers',
  title: 'Answers to a form / 表单答案',
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: {
    version: {
      type: 'integer',
      minimum: 1,
      description: 'Pinned version; the latest published when absent.',
    },
    data: answers,
  },
} as const;
export type FormAnswers = FromSchema<typeof formAnswersSchema>;

/** A form document being designed, rendered with sample answers (the designer's live preview). */
export const previewFormSchema = {
  $id: 'keyscore:preview-form',
  title: 'Preview a form document / 预览表单',
  type: 'object',
  additionalProperties: false,
  required: ['document'],
  properties: {
    document: { type: 'object', description: 'The form document, as it would be saved as a draft.' },
    lang,
    answers: {
      type: 'object',
      maxProperties: 500,
      description: 'Sample answers as a form post gives them: a text, or a list of texts, per input name.',
      additionalProperties: {
        anyOf: [
          { type: 'string', maxLength: 10000 },
          { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 10000 } },
        ],
      },
    },
  },
} as const;
export type PreviewForm = FromSchema<typeof previewFormSchema>;

export const renderFormQuerySchema = {
  $id: 'keyscore:render-form-query',
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { type: 'integer', minimum: 1 },
    lang,
    format: { type: 'string', enum: ['json', 'html'], default: 'json' },
  },
} as const;
export type RenderFormQuery = FromSchema<typeof renderFormQuerySchema>;

export const formDraftQuerySchema = {
  $id: 'keyscore:form-draft-query',
  type: 'object',
  additionalProperties: false,
  properties: { version: { type: 'integer', minimum: 1 }, lang },
} as const;
export type FormDraftQuery = FromSchema<typeof formDraftQuerySchema>;

/** The JSON twin of the public survey page. */
export const publicAnswersSchema = {
  $id: 'keyscore:public-survey-answers',
  title: 'Answers through a personal survey link / 问卷答案',
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: {
    action: {
      type: 'string',
      enum: ['submit', 'draft'],
      default: 'submit',
      description: 'submit is final and closes the link; draft saves the answers so far.',
    },
    data: answers,
  },
} as const;
export type PublicAnswers = FromSchema<typeof publicAnswersSchema>;

export const publicQuerySchema = {
  $id: 'keyscore:public-survey-query',
  type: 'object',
  additionalProperties: false,
  properties: { lang },
} as const;
export type PublicQuery = FromSchema<typeof publicQuerySchema>;
