import type { FromSchema } from 'json-schema-to-ts';

/**
 * JSON Schema (2020-12) of the form document kind. Annotations are written in English in `title` /
 * `description`; the Chinese text of the same annotation sits beside it in `x-zh-CN: { title?, description? }`
 * (ajv and json-schema-to-ts ignore `x-` keywords).
 */

export const FORM_KEY_PATTERN = '^[a-z][a-z0-9_]{0,63}$';
/** A field name, or a likert row of one (`experience.delivery`), as measures and formulas refer to them. */
export const FIELD_REF_PATTERN = '^[a-z][a-z0-9_]{0,63}(\\.[a-z][a-z0-9_]{0,63})?$';

export const WIDGETS = [
  'text',
  'textarea',
  'number',
  'select',
  'radio',
  'checkbox',
  'date',
  'rating',
  'nps',
  'likert',
] as const;
export type Widget = (typeof WIDGETS)[number];

export const MEASURE_SCALES = ['rating5', 'nps10', 'likert', 'percent'] as const;
export type MeasureScale = (typeof MEASURE_SCALES)[number];

/** The same small object as scoring's, copied: forms do not depend on scoring. */
export const bilingualSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['zh-CN', 'en'],
  properties: {
    'zh-CN': { type: 'string', minLength: 1, maxLength: 500 },
    en: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const;

const longBilingualSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['zh-CN', 'en'],
  properties: {
    'zh-CN': { type: 'string', minLength: 1, maxLength: 2000 },
    en: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;

const formulaSchema = { type: 'string', minLength: 1, maxLength: 2000 } as const;

export const formFieldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'widget', 'label'],
  description: 'One input of the form, bound to a top-level property of dataSchema.',
  'x-zh-CN': { description: '表单中的一个输入项，对应 dataSchema 的一个顶层属性。' },
  properties: {
    name: { type: 'string', pattern: FORM_KEY_PATTERN },
    widget: { enum: WIDGETS },
    label: bilingualSchema,
    help: longBilingualSchema,
    placeholder: bilingualSchema,
    options: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      description: 'Choices of select, radio and checkbox; for rating and nps only the labels of the points.',
      'x-zh-CN': { description: '下拉、单选、多选的选项；评分和 NPS 仅用于各分值的文字说明。' },
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['value', 'label'],
        properties: { value: { type: ['string', 'number'] }, label: bilingualSchema },
      },
    },
    rows: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      description: 'Likert items: one answer per row; the data is an object { rowKey: number }.',
      'x-zh-CN': { description: '量表矩阵的题目：每行一个答案，数据为对象 { 行键: 数值 }。' },
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'label'],
        properties: { key: { type: 'string', pattern: FORM_KEY_PATTERN }, label: bilingualSchema },
      },
    },
    scale: {
      type: 'array',
      minItems: 2,
      maxItems: 11,
      description: 'Likert answer points in display order.',
      'x-zh-CN': { description: '量表矩阵的选项，按显示顺序。' },
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['value', 'label'],
        properties: { value: { type: 'number' }, label: bilingualSchema },
      },
    },
    visibleWhen: {
      ...formulaSchema,
      description:
        'Formula over the other fields; the field is shown (and can be required) only when it is TRUE.',
      'x-zh-CN': { description: '基于其他字段的公式；仅当结果为 TRUE 时显示该字段（也仅此时可为必填）。' },
    },
    compute: {
      ...formulaSchema,
      description: 'Formula over the other fields; a read-only field whose value the server computes.',
      'x-zh-CN': { description: '基于其他字段的公式；只读字段，其值由服务器计算。' },
    },
  },
} as const;
export type FormField = FromSchema<typeof formFieldSchema>;

export const formSectionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'fields'],
  properties: {
    id: { type: 'string', pattern: FORM_KEY_PATTERN },
    title: bilingualSchema,
    description: longBilingualSchema,
    fields: { type: 'array', minItems: 1, maxItems: 200, items: formFieldSchema },
  },
} as const;
export type FormSection = FromSchema<typeof formSectionSchema>;

export const formMeasureSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metric', 'field', 'scale'],
  description:
    'How an answer becomes a 0–100 metric value: rating5 = r/5×100, nps10 = n/10×100, likert = the scale ' +
    'mapped linearly from its lowest (0) to its highest value (100), percent = the number itself.',
  'x-zh-CN': {
    description:
      '答案如何换算为 0–100 的指标值：rating5 = 星级/5×100，nps10 = 分值/10×100，likert = 量表最低值为 0、最高值为 100 的线性换算，percent = 数值本身。',
  },
  properties: {
    metric: { type: 'string', pattern: FORM_KEY_PATTERN },
    field: { type: 'string', pattern: FIELD_REF_PATTERN },
    scale: { enum: MEASURE_SCALES },
  },
} as const;
export type FormMeasure = FromSchema<typeof formMeasureSchema>;

export const formDocumentSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keyscore.dev/schemas/form.schema.json',
  title: 'Form',
  description:
    'A form or survey: the JSON Schema of its data, the layout that renders it, conditional and computed ' +
    'fields as formulas, and how survey answers become metric values.',
  'x-zh-CN': {
    title: '表单',
    description:
      '表单或问卷：提交数据的 JSON Schema、渲染布局、以公式表示的条件字段与计算字段，以及问卷答案如何换算为指标值。',
  },
  type: 'object',
  additionalProperties: false,
  required: ['key', 'title', 'dataSchema', 'layout'],
  properties: {
    key: { type: 'string', pattern: FORM_KEY_PATTERN },
    version: { type: 'integer', minimum: 1, description: 'The published version that users pin.' },
    title: bilingualSchema,
    description: longBilingualSchema,
    dataSchema: {
      type: 'object',
      required: ['type'],
      properties: { type: { const: 'object' } },
      description:
        'JSON Schema (2020-12) of the submitted data; it must pass the restricted meta-schema (checkDataSchema).',
      'x-zh-CN': {
        description: '提交数据的 JSON Schema（2020-12），须通过受限元模式检查（checkDataSchema）。',
      },
    },
    layout: {
      type: 'object',
      additionalProperties: false,
      required: ['sections'],
      properties: {
        sections: { type: 'array', minItems: 1, maxItems: 50, items: formSectionSchema },
      },
    },
    measures: { type: 'array', maxItems: 100, items: formMeasureSchema },
  },
  examples: [
    {
      key: 'visit_feedback',
      title: { 'zh-CN': '拜访反馈', en: 'Visit feedback' },
      dataSchema: {
        type: 'object',
        required: ['service_quality'],
        properties: {
          service_quality: { type: 'integer', minimum: 1, maximum: 5 },
          nps: { type: 'integer', minimum: 0, maximum: 10 },
          improve: { type: 'string', maxLength: 2000 },
        },
      },
      layout: {
        sections: [
          {
            id: 'main',
            title: { 'zh-CN': '评价', en: 'Your rating' },
            fields: [
              {
                name: 'service_quality',
                widget: 'rating',
                label: { 'zh-CN': '服务质量', en: 'Service quality' },
              },
              {
                name: 'nps',
                widget: 'nps',
                label: { 'zh-CN': '您向同行推荐我们的可能性', en: 'How likely are you to recommend us?' },
              },
              {
                name: 'improve',
                widget: 'textarea',
                label: { 'zh-CN': '我们应改进什么？', en: 'What should we improve?' },
                visibleWhen: 'nps <= 6',
              },
            ],
          },
        ],
      },
      measures: [{ metric: 'satisfaction_service', field: 'service_quality', scale: 'rating5' }],
    },
  ],
} as const;

export type FormDocument = FromSchema<typeof formDocumentSchema>;
