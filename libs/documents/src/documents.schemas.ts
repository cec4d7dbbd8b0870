import type { FromSchema } from 'json-schema-to-ts';

const key = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' } as const;

export const createDocumentSchema = {
  $id: 'keyscore:create-document',
  title: 'New document (a draft)',
  type: 'object',
  additionalProperties: false,
  required: ['key', 'content'],
  properties: {
    key,
    content: { type: 'object', description: 'The document, validated against its kind’s schema.' },
  },
} as const;
export type CreateDocument = FromSchema<typeof createDocumentSchema>;

export const saveDraftSchema = {
  $id: 'keyscore:save-draft',
  title: 'Save a draft',
  type: 'object',
  additionalProperties: false,
  required: ['content', 'revision'],
  properties: {
    content: { type: 'object' },
    revision: {
      type: 'integer',
      minimum: 1,
      description: 'The revision you edited; a stale one answers 409.',
    },
  },
} as const;
export type SaveDraft = FromSchema<typeof saveDraftSchema>;

export const diffQuerySchema = {
  $id: 'keyscore:diff-query',
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: { type: 'integer', minimum: 1 },
    to: { type: 'integer', minimum: 1 },
    lang: { type: 'string', enum: ['zh-CN', 'en'] },
  },
} as const;
export type DiffQuery = FromSchema<typeof diffQuerySchema>;
