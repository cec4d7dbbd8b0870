import type { FromSchema } from 'json-schema-to-ts';

/**
 * JSON Schema (2020-12) of a workflow document: a review-cycle flow as steps that point at each other by id.
 * The schema checks shapes; `validateWorkflow` checks meaning (references, reachability, joins, formulas).
 */

export const STEP_ID_PATTERN = '^[a-z][a-z0-9_]{0,63}$';
export const WORKFLOW_KEY_PATTERN = '^[a-z][a-z0-9_]{0,63}$';

export const WORKFLOW_SUBJECTS = ['account', 'account_manager', 'adjustment', 'campaign', 'score'] as const;
export const ASSIGNEE_RELATIONS = [
  'account_manager',
  'manager_of_account_manager',
  'department_head',
  'calibration_committee',
  'admin',
] as const;
export const STEP_TYPES = [
  'form',
  'approval',
  'compute',
  'condition',
  'parallel',
  'join',
  'wait',
  'notify',
  'end',
] as const;

export const bilingualTextSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['zh-CN', 'en'],
  properties: {
    'zh-CN': { type: 'string', minLength: 1, maxLength: 2000 },
    en: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;

const stepIdSchema = { type: 'string', pattern: STEP_ID_PATTERN } as const;
const daysSchema = { type: 'number', exclusiveMinimum: 0, maximum: 366 } as const;

export const assigneeRuleSchema = {
  title: 'Assignee rule',
  description:
    'Who works a task or gets a message: a relation to the instance subject (resolved by the runtime from the directory) or one user.',
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['relation'],
      properties: { relation: { enum: ASSIGNEE_RELATIONS } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['userId'],
      properties: { userId: { type: 'string', minLength: 1, maxLength: 200 } },
    },
  ],
} as const;
export type AssigneeRule = FromSchema<typeof assigneeRuleSchema>;
export type AssigneeRelation = (typeof ASSIGNEE_RELATIONS)[number];

export const deadlineSchema = {
  title: 'Deadline',
  type: 'object',
  additionalProperties: false,
  required: ['days'],
  properties: {
    days: { ...daysSchema, description: 'Calendar days from the moment the task is created.' },
    remindBefore: {
      type: 'array',
      maxItems: 10,
      items: daysSchema,
      description: 'Remind the assignee this many days before the deadline.',
    },
    escalate: {
      description:
        'What happens once when the deadline passes on an open task: hand it to the manager of its assignee, or complete it automatically. Without it the assignee is told the task is overdue.',
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['to'],
          properties: { to: { const: 'manager_of_assignee' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['action'],
          properties: { action: { enum: ['approve', 'reject', 'submit'] } },
        },
      ],
    },
  },
} as const;
export type Deadline = FromSchema<typeof deadlineSchema>;

const common = {
  id: { ...stepIdSchema, description: 'Unique within the workflow; other steps point at it.' },
  title: bilingualTextSchema,
} as const;

const formStepSchema = {
  title: 'Form step',
  description:
    'A task to fill a form; its answers are merged into the instance data under their field names.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'title', 'form', 'assignee', 'next'],
  properties: {
    ...common,
    type: { const: 'form' },
    form: {
      type: 'object',
      additionalProperties: false,
      required: ['key'],
      properties: {
        key: { type: 'string', pattern: WORKFLOW_KEY_PATTERN },
        version: {
          type: 'integer',
          minimum: 1,
          description: 'Pin a published version; latest when omitted.',
        },
      },
    },
    assignee: assigneeRuleSchema,
    next: stepIdSchema,
    due: deadlineSchema,
  },
} as const;

const approvalStepSchema = {
  title: 'Approval step',
  description:
    'single: one rule, one approver. any: the first decision wins. all: everyone must approve, one reject decides. sequence: one after another in the order of the rules.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'title', 'mode', 'assignees', 'next'],
  properties: {
    ...common,
    type: { const: 'approval' },
    mode: { enum: ['single', 'any', 'all', 'sequence'] },
    assignees: { type: 'array', minItems: 1, maxItems: 20, items: assigneeRuleSchema },
    next: {
      type: 'object',
      additionalProperties: false,
      required: ['approve', 'reject'],
      properties: {
        approve: stepIdSchema,
        reject: stepIdSchema,
        return: {
          ...stepIdSchema,
          description:
            'Return for revision: an earlier step to go back to (e.g. the form); the round counts up.',
        },
      },
    },
    due: deadlineSchema,
  },
} as const;

const computeStepSchema = {
  title: 'Compute step',
  description:
    'The runtime scores the instance subject and answers with compute.done; its result joins the data.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'title', 'next'],
  properties: { ...common, type: { const: 'compute' }, next: stepIdSchema },
} as const;

const conditionStepSchema = {
  title: 'Condition step',
  description: 'The first branch whose formula (over the instance data) is TRUE wins; otherwise `otherwise`.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'title', 'branches', 'otherwise'],
  properties: {
    ...common,
    type: { const: 'condition' },
    branches: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['when', 'next'],
        properties: {
          when: { type: 'string', minLength: 1, maxLength: 2000, examples: ['OR(rating = "S", score < 60)'] },
          next: stepIdSchema,
        },
      },
    },
    otherwise: stepIdSchema,
  },
} as const;

const parallelStepSchema = {
  title: 'Parallel split',
  description: 'Starts every branch at once; all branches must end at the same join.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'title', 'branches'],
  properties: {
    ...common,
    type: { const: 'parallel' },
    branches: { type: 'array', minItems: 2, maxItems: 20, items: stepIdSchema },
  },
} as const;

const joinStepSchema = {
  title: 'Join',
  description: 'Waits until every branch of its parallel split has arrived.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'title', 'next'],
  properties: { ...common, type: { const: 'join' }, next: stepIdSchema },
} as const;

const waitStepSchema = {
  title: 'Wait step',
  description: 'Waits a number of days (e.g. a survey window), optionally reminding before the end.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'title', 'days', 'next'],
  properties: {
    ...common,
    type: { const: 'wait' },
    days: daysSchema,
    reminders: { type: 'array', maxItems: 10, items: daysSchema, description: 'Days before the end.' },
    remindTo: {
      ...assigneeRuleSchema,
      description: 'Who the reminders go to; admins when omitted.',
    },
    next: stepIdSchema,
  },
} as const;

const notifyStepSchema = {
  title: 'Notify step',
  description: 'Sends a message; `{name}` in subject and body is filled from the instance data.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'title', 'to', 'message', 'next'],
  properties: {
    ...common,
    type: { const: 'notify' },
    to: assigneeRuleSchema,
    message: {
      type: 'object',
      additionalProperties: false,
      required: ['subject', 'body'],
      properties: { subject: bilingualTextSchema, body: bilingualTextSchema },
    },
    next: stepIdSchema,
  },
} as const;

const endStepSchema = {
  title: 'End',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'title', 'outcome'],
  properties: { ...common, type: { const: 'end' }, outcome: { enum: ['completed', 'rejected'] } },
} as const;

export const workflowStepSchema = {
  oneOf: [
    formStepSchema,
    approvalStepSchema,
    computeStepSchema,
    conditionStepSchema,
    parallelStepSchema,
    joinStepSchema,
    waitStepSchema,
    notifyStepSchema,
    endStepSchema,
  ],
} as const;

export const workflowDefinitionSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://keyscore.dev/schemas/workflow.schema.json',
  title: 'Workflow definition',
  description:
    'A review-cycle flow (工作流): forms, approvals, scoring, conditions, parallel branches, waits and notifications, as steps that name the step that follows.',
  type: 'object',
  additionalProperties: false,
  required: ['key', 'title', 'subject', 'start', 'steps'],
  properties: {
    key: { type: 'string', pattern: WORKFLOW_KEY_PATTERN },
    version: { type: 'integer', minimum: 1, description: 'The published version that instances pin.' },
    title: bilingualTextSchema,
    description: bilingualTextSchema,
    subject: {
      enum: WORKFLOW_SUBJECTS,
      description: 'What one instance is about; assignee relations are resolved against it.',
    },
    data: {
      type: 'array',
      maxItems: 200,
      description:
        'Instance data names that conditions may read besides the standard ones (start data, form fields).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', pattern: STEP_ID_PATTERN },
          type: { enum: ['number', 'text', 'boolean', 'date', 'any'] },
        },
      },
    },
    start: { ...stepIdSchema, description: 'The id of the first step.' },
    steps: { type: 'array', minItems: 1, maxItems: 200, items: workflowStepSchema },
  },
  examples: [
    {
      key: 'simple_review',
      title: { 'zh-CN': '简单考核', en: 'Simple review' },
      subject: 'account',
      start: 'self_assessment',
      steps: [
        {
          id: 'self_assessment',
          type: 'form',
          title: { 'zh-CN': '自评', en: 'Self-assessment' },
          form: { key: 'am_self_assessment' },
          assignee: { relation: 'account_manager' },
          next: 'review',
        },
        {
          id: 'review',
          type: 'approval',
          title: { 'zh-CN': '经理评审', en: 'Manager review' },
          mode: 'single',
          assignees: [{ relation: 'manager_of_account_manager' }],
          next: { approve: 'done', reject: 'rejected', return: 'self_assessment' },
          due: { days: 5, remindBefore: [1], escalate: { to: 'manager_of_assignee' } },
        },
        { id: 'done', type: 'end', title: { 'zh-CN': '完成', en: 'Completed' }, outcome: 'completed' },
        { id: 'rejected', type: 'end', title: { 'zh-CN': '已驳回', en: 'Rejected' }, outcome: 'rejected' },
      ],
    },
  ],
} as const;

export type WorkflowDefinition = FromSchema<typeof workflowDefinitionSchema>;
export type WorkflowStep = WorkflowDefinition['steps'][number];
export type StepType = WorkflowStep['type'];
export type StepOf<T extends StepType> = Extract<WorkflowStep, { type: T }>;
export type FormStep = StepOf<'form'>;
export type ApprovalStep = StepOf<'approval'>;
export type ComputeStep = StepOf<'compute'>;
export type ConditionStep = StepOf<'condition'>;
export type ParallelStep = StepOf<'parallel'>;
export type JoinStep = StepOf<'join'>;
export type WaitStep = StepOf<'wait'>;
export type NotifyStep = StepOf<'notify'>;
export type EndStep = StepOf<'end'>;
export type ApprovalMode = ApprovalStep['mode'];
