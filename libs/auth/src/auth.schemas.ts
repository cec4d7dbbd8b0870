import type { FromSchema } from 'json-schema-to-ts';
import { ROLES } from '@keyscore/persistence';
import { API_KEY_PERMISSIONS } from './permission.constant';

export const loginSchema = {
  $id: 'keyscore:login',
  title: 'Sign in',
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password'],
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 320 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;
export type Login = FromSchema<typeof loginSchema>;

export const createUserSchema = {
  $id: 'keyscore:create-user',
  title: 'New user',
  type: 'object',
  additionalProperties: false,
  required: ['email', 'displayName', 'role', 'password'],
  properties: {
    email: { type: 'string', format: 'email', maxLength: 320 },
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    role: { type: 'string', enum: ROLES },
    password: { type: 'string', minLength: 12, maxLength: 200 },
    personId: {
      type: 'string',
      format: 'uuid',
      description: 'The directory person this user is (account managers, reviewers).',
    },
  },
} as const;
export type CreateUser = FromSchema<typeof createUserSchema>;

export const createApiKeySchema = {
  $id: 'keyscore:create-api-key',
  title: 'New API key',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'scopes'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    scopes: {
      type: 'array',
      minItems: 1,
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['permission'],
        properties: {
          permission: { type: 'string', enum: API_KEY_PERMISSIONS },
          metricKeys: {
            type: 'array',
            minItems: 1,
            maxItems: 200,
            uniqueItems: true,
            items: { type: 'string', minLength: 1, maxLength: 64 },
          },
        },
      },
    },
  },
} as const;
export type CreateApiKey = FromSchema<typeof createApiKeySchema>;
