import type { FromSchema } from 'json-schema-to-ts';
import { ACCOUNT_TYPES, PERSON_FUNCTIONS } from '@keyscore/persistence';

const code = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const name = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const createDepartmentSchema = {
  $id: 'keyscore:create-department',
  title: 'New department',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'nameZh', 'nameEn'],
  properties: { code, nameZh: name, nameEn: name },
} as const;
export type CreateDepartment = FromSchema<typeof createDepartmentSchema>;

export const createPersonSchema = {
  $id: 'keyscore:create-person',
  title: 'New person',
  type: 'object',
  additionalProperties: false,
  required: ['employeeNo', 'name', 'email', 'function', 'title', 'departmentId'],
  properties: {
    employeeNo: code,
    name,
    email: { type: 'string', format: 'email', maxLength: 320 },
    function: { type: 'string', enum: PERSON_FUNCTIONS },
    title: name,
    departmentId: uuid,
    managerId: { ...uuid, description: 'The person this one reports to.' },
  },
} as const;
export type CreatePerson = FromSchema<typeof createPersonSchema>;

export const createAccountSchema = {
  $id: 'keyscore:create-account',
  title: 'New key account',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'nameEn', 'accountType', 'industry', 'region', 'managerId', 'since'],
  properties: {
    code,
    name,
    nameEn: name,
    accountType: { type: 'string', enum: ACCOUNT_TYPES },
    industry: { type: 'string', minLength: 1, maxLength: 64 },
    region: { type: 'string', minLength: 1, maxLength: 64 },
    managerId: { ...uuid, description: 'The account manager (客户经理).' },
    since: { type: 'string', format: 'date', description: 'Start of the cooperation.' },
    team: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['personId', 'function'],
        properties: { personId: uuid, function: { type: 'string', enum: PERSON_FUNCTIONS } },
      },
    },
  },
} as const;
export type CreateAccount = FromSchema<typeof createAccountSchema>;

export const listAccountsQuerySchema = {
  $id: 'keyscore:list-accounts-query',
  type: 'object',
  additionalProperties: false,
  properties: {
    accountType: { type: 'string', enum: ACCOUNT_TYPES },
    region: { type: 'string', maxLength: 64 },
    industry: { type: 'string', maxLength: 64 },
    managerId: uuid,
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, default: 0 },
    lang: { type: 'string', enum: ['zh-CN', 'en'] },
  },
} as const;
export type ListAccountsQuery = FromSchema<typeof listAccountsQuerySchema>;

export const langQuerySchema = {
  $id: 'keyscore:lang-query',
  type: 'object',
  additionalProperties: false,
  properties: { lang: { type: 'string', enum: ['zh-CN', 'en'] } },
} as const;
