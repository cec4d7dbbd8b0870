import type { FromSchema } from 'json-schema-to-ts';

export const CONNECTOR_KEY_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
const SECRET_REF_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';

/** A JSON pointer into one item (`/a/b`) or a formula over its top-level fields (`=revenue*1000`). */
const source = {
  type: 'string',
  minLength: 1,
  maxLength: 500,
  pattern: '^[/=]',
  description: 'A JSON pointer into the item (/a/b) or a formula over its top-level fields (=revenue*1000).',
} as const;

const param = { type: 'string', pattern: '^[A-Za-z0-9_.\\[\\]-]{1,64}$' } as const;
const maxPages = { type: 'integer', minimum: 1, maximum: 1000, default: 100 } as const;

const connectorProperties = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  url: {
    type: 'string',
    minLength: 8,
    maxLength: 2000,
    pattern: '^[hH][tT][tT][pP][sS]?://',
    description:
      'http or https; its host must resolve to public addresses unless CONNECTOR_ALLOWLIST names it.',
  },
  method: { type: 'string', enum: ['GET'] },
  enabled: { type: 'boolean', description: 'A disabled connector keeps no schedule; true when absent.' },
  authHeader: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'secretRef'],
    properties: {
      name: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$', description: 'e.g. Authorization' },
      secretRef: {
        type: 'string',
        pattern: SECRET_REF_PATTERN,
        description: 'The stored secret whose value is sent as the header (set it with POST …/secret).',
      },
    },
  },
  secrets: {
    type: 'object',
    maxProperties: 10,
    propertyNames: { pattern: SECRET_REF_PATTERN },
    additionalProperties: { type: 'string', minLength: 1, maxLength: 4000 },
    description: 'Secret values by ref; stored apart from the document and never shown again.',
  },
  pagination: {
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: { type: { const: 'none' } },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'param'],
        properties: {
          type: { const: 'page' },
          param,
          start: { type: 'integer', minimum: 0, maximum: 1, default: 1 },
          sizeParam: param,
          size: { type: 'integer', minimum: 1, maximum: 10000 },
          maxPages,
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'cursorPointer', 'param'],
        properties: {
          type: { const: 'cursor' },
          cursorPointer: { type: 'string', pattern: '^/', maxLength: 500 },
          param,
          maxPages,
        },
      },
    ],
  },
  itemsPointer: {
    type: 'string',
    maxLength: 500,
    pattern: '^(/.*)?$',
    description: 'JSON pointer to the array of items in each response ("" for a top-level array).',
  },
  mapping: {
    type: 'object',
    additionalProperties: false,
    required: ['accountCode', 'period', 'value'],
    properties: {
      accountCode: source,
      metricKey: source,
      metricKeyConst: { type: 'string', minLength: 1, maxLength: 64 },
      period: source,
      value: source,
      state: source,
      sourceRecordId: source,
    },
  },
  schedule: {
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['every'],
        properties: { every: { type: 'integer', minimum: 10000, maximum: 31_536_000_000 } },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['pattern'],
        properties: {
          pattern: { type: 'string', pattern: '^\\S+( \\S+){4,5}$', description: 'cron, 5 or 6 fields' },
          tz: { type: 'string', maxLength: 64 },
        },
      },
    ],
  },
  metricKeys: {
    type: 'array',
    minItems: 1,
    maxItems: 200,
    uniqueItems: true,
    items: { type: 'string', minLength: 1, maxLength: 64 },
    description: 'The metrics this connector may write (its scope).',
  },
} as const;

const REQUIRED = ['name', 'url', 'itemsPointer', 'mapping', 'metricKeys'] as const;

export const createConnectorSchema = {
  $id: 'keyscore:create-connector',
  title: 'Pull connector',
  type: 'object',
  additionalProperties: false,
  required: ['key', ...REQUIRED],
  properties: {
    key: { type: 'string', pattern: CONNECTOR_KEY_PATTERN },
    ...connectorProperties,
  },
} as const;
export type CreateConnector = FromSchema<typeof createConnectorSchema>;

export const updateConnectorSchema = {
  $id: 'keyscore:update-connector',
  title: 'Pull connector (replacement)',
  type: 'object',
  additionalProperties: false,
  required: [...REQUIRED],
  properties: connectorProperties,
} as const;
export type UpdateConnector = FromSchema<typeof updateConnectorSchema>;

/** The stored document: what was sent, without the key (a column) and the secrets (stored apart). */
export type ConnectorDocument = Omit<CreateConnector, 'key' | 'secrets'>;

export const setConnectorSecretSchema = {
  $id: 'keyscore:set-connector-secret',
  title: 'Auth secret of a connector',
  type: 'object',
  additionalProperties: false,
  required: ['value'],
  properties: {
    ref: { type: 'string', pattern: SECRET_REF_PATTERN, description: 'authHeader.secretRef when absent' },
    value: {
      type: 'string',
      minLength: 1,
      maxLength: 4000,
      description: 'The header value, e.g. "Bearer …"',
    },
  },
} as const;
export type SetConnectorSecret = FromSchema<typeof setConnectorSecretSchema>;
