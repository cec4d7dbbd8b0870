import type { InstanceState, TransitionContext, TransitionResult, WorkflowEvent } from '../instance.types';
import { initialInstanceState, transition } from '../transition';
import type { AssigneeRule, WorkflowDefinition, WorkflowStep } from '../workflow.schema';

/** The people of the specs: an account manager, her manager and his manager, a department head, a committee. */
export const PEOPLE = {
  am: 'li.na',
  manager: 'wang.jianguo',
  skip: 'zhao.min',
  head: 'chen.head',
  committee: ['c.one', 'c.two', 'c.three'],
  admin: 'admin',
} as const;

const RELATIONS: Record<string, readonly string[]> = {
  account_manager: [PEOPLE.am],
  manager_of_account_manager: [PEOPLE.manager],
  department_head: [PEOPLE.head],
  calibration_committee: PEOPLE.committee,
  admin: [PEOPLE.admin],
};
const MANAGERS: Record<string, string> = { [PEOPLE.am]: PEOPLE.manager, [PEOPLE.manager]: PEOPLE.skip };

export function context(overrides: Partial<Record<string, readonly string[]>> = {}): TransitionContext {
  const relations = { ...RELATIONS, ...overrides };
  return {
    resolve: (rule: AssigneeRule) => ('userId' in rule ? [rule.userId] : (relations[rule.relation] ?? [])),
    managerOf: (user: string) => MANAGERS[user] ?? null,
  };
}

export const T0 = '2026-07-01T08:00:00.000Z';
/** `T0` plus days (fractions allowed). */
export function day(days: number): string {
  return new Date(Date.parse(T0) + days * 86_400_000).toISOString();
}

export const title = (en: string) => ({ 'zh-CN': en, en });

export function def(
  steps: WorkflowStep[],
  start = steps[0].id,
  extra: Partial<WorkflowDefinition> = {},
): WorkflowDefinition {
  return { key: 'spec_flow', title: title('Spec flow'), subject: 'account', start, steps, ...extra };
}

/** Step builders with defaults; override anything. */
export const step = {
  form: (id: string, next: string, more: object = {}): WorkflowStep => ({
    id,
    type: 'form',
    title: title(id),
    form: { key: 'am_self_assessment' },
    assignee: { relation: 'account_manager' },
    next,
    ...more,
  }),
  approval: (
    id: string,
    mode: 'single' | 'any' | 'all' | 'sequence',
    assignees: AssigneeRule[],
    next: { approve: string; reject: string; return?: string },
    more: object = {},
  ): WorkflowStep => ({ id, type: 'approval', title: title(id), mode, assignees, next, ...more }),
  compute: (id: string, next: string): WorkflowStep => ({ id, type: 'compute', title: title(id), next }),
  condition: (id: string, branches: { when: string; next: string }[], otherwise: string): WorkflowStep => ({
    id,
    type: 'condition',
    title: title(id),
    branches,
    otherwise,
  }),
  parallel: (id: string, branches: string[]): WorkflowStep => ({
    id,
    type: 'parallel',
    title: title(id),
    branches,
  }),
  join: (id: string, next: string): WorkflowStep => ({ id, type: 'join', title: title(id), next }),
  wait: (id: string, days: number, next: string, more: object = {}): WorkflowStep => ({
    id,
    type: 'wait',
    title: title(id),
    days,
    next,
    ...more,
  }),
  notify: (id: string, to: AssigneeRule, next: string): WorkflowStep => ({
    id,
    type: 'notify',
    title: title(id),
    to,
    message: { subject: { 'zh-CN': '得分 {score}', en: 'Score {score}' }, body: title('body') },
    next,
  }),
  end: (id: string, outcome: 'completed' | 'rejected' = 'completed'): WorkflowStep => ({
    id,
    type: 'end',
    title: title(id),
    outcome,
  }),
};

/** Applies events in order, failing the spec on the first refusal; returns every step's result. */
export function drive(
  definition: WorkflowDefinition,
  events: WorkflowEvent[],
  ctx: TransitionContext = context(),
  from: InstanceState = initialInstanceState(),
): { state: InstanceState; results: Extract<TransitionResult, { ok: true }>[] } {
  let state = from;
  const results: Extract<TransitionResult, { ok: true }>[] = [];
  for (const event of events) {
    const r = transition(definition, state, event, ctx);
    if (!r.ok) throw new Error(`${event.type} refused: ${r.code} ${r.message.en}`);
    results.push(r);
    state = r.state;
  }
  return { state, results };
}

/** The open tasks of a state: `stepId → assignees`. */
export function openTasks(state: InstanceState): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of Object.values(state.tasks))
    if (t.status === 'open') (out[t.stepId] ??= []).push(t.assignee);
  return out;
}

/** The id of the open task of a step for a user. */
export function taskOf(state: InstanceState, stepId: string, assignee?: string): string {
  const t = Object.values(state.tasks).find(
    (x) => x.stepId === stepId && x.status === 'open' && (assignee === undefined || x.assignee === assignee),
  );
  if (!t) throw new Error(`no open task on ${stepId}${assignee ? ' for ' + assignee : ''}`);
  return t.id;
}

export function complete(
  state: InstanceState,
  stepId: string,
  outcome: 'submit' | 'approve' | 'reject' | 'return',
  options: { actor?: string; at?: string; comment?: string; data?: Record<string, unknown> } = {},
): WorkflowEvent {
  const taskId = taskOf(state, stepId, options.actor);
  const task = state.tasks[taskId];
  return {
    type: 'task.complete',
    taskId,
    actor: options.actor ?? task.assignee,
    outcome,
    at: options.at ?? T0,
    ...(outcome === 'submit' ? {} : { comment: options.comment ?? 'ok' }),
    ...(options.data ? { data: options.data } : {}),
  };
}

/** Deep-freezes a value so a spec catches any mutation of its input. */
export function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) frozen(v);
  }
  return value;
}
