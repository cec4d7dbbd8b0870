import type { Bilingual } from '@keyscore/i18n';
import type { AssigneeRule } from './workflow.schema';

/** The persisted state of one workflow instance: plain JSON, owned by the runtime, changed only by `transition`. */

export type InstanceStatus = 'running' | 'completed' | 'rejected' | 'cancelled';
export type TaskKind = 'form' | 'approval';
export type TaskOutcome = 'submit' | 'approve' | 'reject' | 'return';
export type TimerPurpose = 'reminder' | 'deadline' | 'wait';

export interface TaskState {
  /** `${stepId}.${seq}`, or `${stepId}.${seq}.${n}` when one step opens several tasks at once. */
  id: string;
  stepId: string;
  kind: TaskKind;
  /** User id. */
  assignee: string;
  status: 'open' | 'done' | 'cancelled';
  outcome?: TaskOutcome;
  comment?: string;
  dueAt?: string;
  /** The assignee before a delegation. */
  delegatedFrom?: string;
  /** True on a task created by escalation (it does not escalate again). */
  escalated?: boolean;
  /** The assignee whose overdue task this one replaces. */
  escalatedFrom?: string;
  /** Sequence approvals: the index of the assignee rule this task belongs to. */
  position?: number;
  /** Who completed it ('system' for an automatic completion at the deadline). */
  completedBy?: string;
}

export interface TimerState {
  at: string;
  purpose: TimerPurpose;
  stepId: string;
  taskId?: string;
  /** Reminders: days before the deadline / the end of the wait. */
  days?: number;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  stepId: string;
  /** start, enter, task.complete, task.delegate, task.escalate, decision, condition, join.arrive, compute.done,
   *  notify, reminder, overdue, end, cancel. */
  event: string;
  actor?: string;
  outcome?: string;
  comment?: string;
  taskId?: string;
  /** Delegation and escalation: the new assignee. */
  to?: string;
}

export interface InstanceState {
  status: InstanceStatus;
  /** +1 per event that changed the state; 0 before start. */
  seq: number;
  /** Step ids currently active (waiting for a task, compute, timer or the other branches of a join). */
  active: string[];
  tasks: Record<string, TaskState>;
  /** Scheduled timers; a timer leaves the map when it fires or is cancelled. */
  timers: Record<string, TimerState>;
  /** Join step id → the branch roots (of its parallel split) that have arrived. */
  joins: Record<string, string[]>;
  /** Flat instance data that conditions read: start data, form answers, compute results, `<step>_outcome`. */
  data: Record<string, unknown>;
  /** Times the instance was returned for revision. */
  round: number;
  history: HistoryEntry[];
}

export type WorkflowEvent =
  | { type: 'start'; at: string; data?: Record<string, unknown> }
  | {
      type: 'task.complete';
      taskId: string;
      actor: string;
      outcome: TaskOutcome;
      comment?: string;
      data?: Record<string, unknown>;
      at: string;
    }
  | { type: 'task.delegate'; taskId: string; actor: string; to: string; comment: string; at: string }
  | { type: 'compute.done'; stepId: string; result: Record<string, unknown>; at: string }
  | { type: 'timer.fire'; timerId: string; at: string }
  | { type: 'cancel'; actor: string; reason: string; at: string };
export type WorkflowEventType = WorkflowEvent['type'];

export type Effect =
  | {
      type: 'task.create';
      taskId: string;
      stepId: string;
      kind: TaskKind;
      assignee: string;
      title: Bilingual;
      dueAt?: string;
      form?: { key: string; version?: number };
      escalated?: boolean;
    }
  | { type: 'task.cancel'; taskId: string }
  /** A delegated task: same task, new assignee (the runtime updates its row and tells the new assignee). */
  | { type: 'task.reassign'; taskId: string; stepId: string; assignee: string; previous: string }
  | { type: 'compute'; stepId: string }
  | { type: 'timer.schedule'; timerId: string; at: string; purpose: TimerPurpose }
  | { type: 'timer.cancel'; timerId: string }
  | { type: 'notify'; to: string[]; subject: Bilingual; body: Bilingual; stepId: string }
  | { type: 'ended'; outcome: 'completed' | 'rejected' | 'cancelled' };
export type EffectType = Effect['type'];

export type RejectionCode =
  | 'task_not_open'
  | 'not_assignee'
  | 'instance_ended'
  | 'unknown_task'
  | 'unknown_timer'
  | 'bad_outcome'
  | 'comment_required'
  /** Malformed event: unparsable `at`, missing actor, delegation to nobody or to the assignee. */
  | 'bad_event'
  /** An assignee rule resolved to nobody and there is no admin to fall back on. */
  | 'no_assignee'
  /** Automatic steps looped past the step limit (a definition that validateWorkflow refuses). */
  | 'step_limit';

export type TransitionResult =
  | {
      ok: true;
      state: InstanceState;
      effects: Effect[];
      /** False for an accepted no-op (a late timer, a repeated compute.done): `state` is the input state. */
      changed: boolean;
    }
  | { ok: false; code: RejectionCode; message: Bilingual };

/** What the runtime knows about people, prefetched so that `transition` stays synchronous and pure. */
export interface TransitionContext {
  /** The user ids a rule means for this instance, in a stable order. */
  resolve: (rule: AssigneeRule) => readonly string[];
  managerOf: (userId: string) => string | null;
}
