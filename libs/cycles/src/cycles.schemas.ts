import type { FromSchema } from 'json-schema-to-ts';
import { templateRefSchema } from '@keyscore/scorecards';

const uuidList = {
  type: 'array',
  maxItems: 10000,
  uniqueItems: true,
  items: { type: 'string', maxLength: 36 },
} as const;
const comment = { type: 'string', maxLength: 4000 } as const;

export const createCycleSchema = {
  $id: 'keyscore:create-cycle',
  title: 'Create a review cycle / 新建考核周期',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'period', 'workflow'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    period: { type: 'string', pattern: '^\\d{4}-Q[1-4]$', description: 'The quarter scored, e.g. 2026-Q2.' },
    workflow: {
      type: 'object',
      additionalProperties: false,
      required: ['key'],
      properties: {
        key: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
        version: {
          type: 'integer',
          minimum: 1,
          description: 'Pinned version; the latest published when absent.',
        },
      },
    },
    granularity: {
      type: 'string',
      enum: ['account', 'account_manager'],
      default: 'account',
      description: 'One instance per account, or one per account manager covering their accounts.',
    },
    scope: {
      type: 'object',
      additionalProperties: false,
      description: 'Which accounts; all when empty.',
      properties: {
        accountTypes: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', enum: ['multinational', 'local_enterprise'] },
        },
        departmentIds: uuidList,
        accountIds: uuidList,
      },
    },
    templates: {
      type: 'object',
      additionalProperties: false,
      description:
        'The published scorecard template per account type (its version pinned: the given one, else the latest); a type left out is scored with its built-in template.',
      properties: { multinational: templateRefSchema, local_enterprise: templateRefSchema },
    },
  },
} as const;
export type CreateCycle = FromSchema<typeof createCycleSchema>;

export const closeCycleSchema = {
  $id: 'keyscore:close-cycle',
  title: 'Close a review cycle / 关闭考核周期',
  type: 'object',
  additionalProperties: false,
  properties: {
    force: { type: 'boolean', default: false, description: 'Cancel reviews still open instead of refusing.' },
    reason: comment,
  },
} as const;
export type CloseCycle = FromSchema<typeof closeCycleSchema>;

export const completeTaskSchema = {
  $id: 'keyscore:complete-task',
  title: 'Complete a task / 处理任务',
  type: 'object',
  additionalProperties: false,
  required: ['outcome'],
  not: { required: ['data', 'fields'] },
  properties: {
    outcome: { type: 'string', enum: ['submit', 'approve', 'reject', 'return'] },
    comment,
    data: {
      type: 'object',
      description: "A form task's answers (validated against the pinned form version).",
    },
    fields: {
      type: 'object',
      maxProperties: 500,
      description:
        "A form task's answers as the HTML form posts them (name → text, or texts for a group); typed by the form's schema on the server. Instead of `data`.",
      additionalProperties: {
        anyOf: [
          { type: 'string', maxLength: 20000 },
          { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 20000 } },
        ],
      },
    },
  },
} as const;
export type CompleteTask = FromSchema<typeof completeTaskSchema>;

export const delegateTaskSchema = {
  $id: 'keyscore:delegate-task',
  title: 'Delegate a task / 转交任务',
  type: 'object',
  additionalProperties: false,
  required: ['to', 'comment'],
  properties: {
    to: { type: 'string', maxLength: 36, description: 'User id.' },
    comment: { ...comment, minLength: 1 },
  },
} as const;
export type DelegateTask = FromSchema<typeof delegateTaskSchema>;

export const disputeSchema = {
  $id: 'keyscore:dispute-score',
  title: 'Dispute a published score / 成绩申诉',
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { type: 'string', minLength: 5, maxLength: 4000 } },
} as const;
export type Dispute = FromSchema<typeof disputeSchema>;

export const calibrationQuerySchema = {
  $id: 'keyscore:calibration-query',
  title: 'Calibration of a cycle / 校准',
  type: 'object',
  additionalProperties: false,
  properties: {
    quotas: {
      type: 'string',
      pattern: '^[A-Z]:\\d{1,3}(\\.\\d+)?(,[A-Z]:\\d{1,3}(\\.\\d+)?)*$',
      default: 'S:10,A:20,B:40,C:20,D:10',
      description: 'Share of each rating band in percent, best first; must sum to 100.',
    },
  },
} as const;
export type CalibrationQuery = FromSchema<typeof calibrationQuerySchema>;
