import { mergeData } from './instance-data.util';
import { ENGINE_TEXTS, InstanceRun } from './instance-run';
import type {
  InstanceState,
  TaskOutcome,
  TaskState,
  TransitionContext,
  TransitionResult,
  WorkflowEvent,
  WorkflowEventType,
} from './instance.types';
import { RunAborted, reject, type Rejection } from './rejection.util';
import { workflowGraph } from './workflow-graph.util';
import type { WorkflowDefinition } from './workflow.schema';

/** The state of an instance before its start event. */
export function initialInstanceState(): InstanceState {
  return {
    status: 'running',
    seq: 0,
    active: [],
    tasks: {},
    timers: {},
    joins: {},
    data: {},
    round: 0,
    history: [],
  };
}

const OUTCOMES: ReadonlySet<string> = new Set<TaskOutcome>(['submit', 'approve', 'reject', 'return']);

type Check = (def: WorkflowDefinition, state: InstanceState) => Rejection | 'noop' | null;
type Apply = (run: InstanceRun) => void;

/**
 * Each event type: `check` decides on the input state (a rejection, an accepted no-op, or go on), `apply`
 * changes the working copy. A registry instead of a switch per event type.
 */
type Handler<E extends WorkflowEvent> = (event: E) => { check: Check; apply: Apply };
type Handlers = { [T in WorkflowEventType]: Handler<Extract<WorkflowEvent, { type: T }>> };

const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s.trim().length > 0;
const ended = (state: InstanceState): Rejection | null =>
  state.status === 'running' ? null : reject('instance_ended', { status: state.status });

/**
 * The task an event acts on. A closed task answers task_not_open even after the end of the instance: that is
 * how the loser of two concurrent decisions learns it lost, whether or not the winner ended the instance.
 */
function openTask(state: InstanceState, taskId: unknown, actor: unknown): Rejection | TaskState {
  const ref = String(taskId);
  const task =
    typeof taskId === 'string' && Object.hasOwn(state.tasks, taskId) ? state.tasks[taskId] : undefined;
  if (task === undefined) return ended(state) ?? reject('unknown_task', { task: ref });
  if (task.status !== 'open') return reject('task_not_open', { task: ref });
  const stop = ended(state);
  if (stop) return stop;
  if (actor !== task.assignee) return reject('not_assignee', { task: ref });
  return task;
}

const HANDLERS: Handlers = {
  start: (event) => ({
    check: (_def, state) => ended(state) ?? (state.seq > 0 ? 'noop' : null),
    apply: (run) => {
      mergeData(run.state.data, event.data);
      run.record({ stepId: run.def.start, event: 'start' });
      run.goto(run.def.start, null);
      run.drain();
    },
  }),

  'task.complete': (event) => ({
    check: (def, state) => {
      const task = openTask(state, event.taskId, event.actor);
      if ('ok' in task) return task;
      const step = workflowGraph(def).byId.get(task.stepId)?.step;
      const allowed =
        step?.type === 'form'
          ? event.outcome === 'submit'
          : step?.type === 'approval' &&
            (event.outcome === 'approve' ||
              event.outcome === 'reject' ||
              (event.outcome === 'return' && step.next.return !== undefined));
      if (!OUTCOMES.has(event.outcome) || !allowed) {
        return reject('bad_outcome', { task: task.id, outcome: String(event.outcome) });
      }
      if (event.outcome !== 'submit' && !nonEmpty(event.comment)) return reject('comment_required');
      return null;
    },
    apply: (run) => {
      const task = run.state.tasks[event.taskId];
      run.completeTask(
        task,
        event.actor,
        event.outcome,
        typeof event.comment === 'string' ? event.comment.trim() : undefined,
        event.data,
      );
    },
  }),

  'task.delegate': (event) => ({
    check: (_def, state) => {
      const task = openTask(state, event.taskId, event.actor);
      if ('ok' in task) return task;
      if (!nonEmpty(event.comment)) return reject('comment_required');
      if (!nonEmpty(event.to) || event.to === task.assignee) {
        return reject('bad_event', { reason: 'delegate to another user / 请委托给其他用户' });
      }
      const busy = Object.values(state.tasks).some(
        (t) => t.stepId === task.stepId && t.status === 'open' && t.assignee === event.to,
      );
      if (busy) return reject('bad_event', { reason: `${event.to} already has this task / 已有此任务` });
      return null;
    },
    apply: (run) => {
      const task = run.state.tasks[event.taskId];
      const previous = task.assignee;
      task.assignee = event.to;
      task.delegatedFrom = previous;
      run.effects.push({
        type: 'task.reassign',
        taskId: task.id,
        stepId: task.stepId,
        assignee: event.to,
        previous,
      });
      run.record({
        stepId: task.stepId,
        event: 'task.delegate',
        actor: event.actor,
        taskId: task.id,
        to: event.to,
        comment: event.comment.trim(),
      });
    },
  }),

  'compute.done': (event) => ({
    // A result for a step that is not waiting for one (ended, left, or delivered twice) changes nothing.
    check: (def, state) =>
      state.status === 'running' &&
      state.active.includes(event.stepId) &&
      workflowGraph(def).byId.get(event.stepId)?.step.type === 'compute'
        ? null
        : 'noop',
    apply: (run) => {
      const step = run.step(event.stepId);
      if (step?.type !== 'compute') return;
      mergeData(run.state.data, event.result);
      run.record({ stepId: step.id, event: 'compute.done' });
      run.leave(step.id);
      run.goto(step.next, step.id);
      run.drain();
    },
  }),

  'timer.fire': (event) => ({
    check: (def, state) => {
      if (typeof event.timerId === 'string' && Object.hasOwn(state.timers, event.timerId)) return null;
      // Fired or cancelled before (timers leave the map) → accepted, nothing happens; never issued → refused.
      return state.status !== 'running' || wasIssued(def, state, event.timerId)
        ? 'noop'
        : reject('unknown_timer', { timer: String(event.timerId) });
    },
    apply: (run) => fireTimer(run, event.timerId),
  }),

  cancel: (event) => ({
    check: (_def, state) => {
      const stop = ended(state);
      if (stop) return stop;
      if (!nonEmpty(event.actor)) return reject('bad_event', { reason: 'actor' });
      return nonEmpty(event.reason) ? null : reject('comment_required');
    },
    apply: (run) => {
      run.record({
        stepId: run.state.active[0] ?? run.def.start,
        event: 'cancel',
        actor: event.actor,
        comment: event.reason.trim(),
      });
      run.finish('cancelled');
    },
  }),
};

/** Timer ids begin `${stepId}.${seq}` of the transition that scheduled them. */
function wasIssued(def: WorkflowDefinition, state: InstanceState, timerId: unknown): boolean {
  if (typeof timerId !== 'string') return false;
  const [stepId, seq] = timerId.split('.');
  return workflowGraph(def).byId.has(stepId) && /^[1-9]\d*$/.test(seq ?? '') && Number(seq) <= state.seq;
}

function fireTimer(run: InstanceRun, timerId: string): void {
  const timer = run.state.timers[timerId];
  delete run.state.timers[timerId];
  const step = run.step(timer.stepId);
  const task = timer.taskId !== undefined ? run.state.tasks[timer.taskId] : undefined;
  if (timer.taskId !== undefined) {
    // A task's timer: only an open task is reminded or escalated.
    if (task?.status !== 'open' || (step?.type !== 'form' && step?.type !== 'approval')) return;
    if (timer.purpose === 'reminder') {
      run.record({ stepId: step.id, event: 'reminder', taskId: task.id, to: task.assignee });
      run.notify(
        [task.assignee],
        ENGINE_TEXTS.taskReminderSubject(step.title, timer.days ?? 0),
        ENGINE_TEXTS.taskReminderBody(step.title, task.dueAt ?? timer.at),
        step.id,
      );
      return;
    }
    if (timer.purpose === 'deadline' && !task.escalated) escalate(run, task, step.due?.escalate);
    return;
  }
  if (step?.type !== 'wait' || !run.state.active.includes(step.id)) return;
  if (timer.purpose === 'reminder') {
    const to = [...new Set(run.ctx.resolve(step.remindTo ?? { relation: 'admin' }))];
    run.record({ stepId: step.id, event: 'reminder' });
    const end =
      Object.values(run.state.timers).find((t) => t.stepId === step.id && t.purpose === 'wait')?.at ??
      timer.at;
    run.notify(
      to,
      ENGINE_TEXTS.waitReminderSubject(step.title, timer.days ?? 0),
      ENGINE_TEXTS.waitReminderBody(step.title, end),
      step.id,
    );
    return;
  }
  if (timer.purpose === 'wait') {
    run.record({ stepId: step.id, event: 'wait.end' });
    run.leave(step.id);
    run.goto(step.next, step.id);
    run.drain();
  }
}

type Escalation = { to: 'manager_of_assignee' } | { action: 'approve' | 'reject' | 'submit' } | undefined;

/** The deadline passed on an open task (once: escalated tasks get no deadline timer). */
function escalate(run: InstanceRun, task: TaskState, rule: Escalation): void {
  const step = run.step(task.stepId);
  if (step?.type !== 'form' && step?.type !== 'approval') return;
  task.escalated = true;
  if (rule !== undefined && 'to' in rule) {
    const manager =
      run.ctx.managerOf(task.assignee) ??
      [...run.ctx.resolve({ relation: 'admin' })].find((u) => u !== task.assignee);
    if (manager) {
      run.record({ stepId: step.id, event: 'task.escalate', actor: 'system', taskId: task.id, to: manager });
      run.cancelTask(task);
      run.openTasks(step, [manager], {
        escalated: true,
        escalatedFrom: task.assignee,
        ...(task.position !== undefined ? { position: task.position } : {}),
      });
      return;
    }
  }
  if (rule !== undefined && 'action' in rule) {
    const fits = step.type === 'form' ? rule.action === 'submit' : rule.action !== 'submit';
    if (fits) {
      const comment = ENGINE_TEXTS.autoComment(rule.action);
      run.record({
        stepId: step.id,
        event: 'task.escalate',
        actor: 'system',
        taskId: task.id,
        outcome: rule.action,
      });
      run.completeTask(task, 'system', rule.action, `${comment['zh-CN']} / ${comment.en}`, undefined);
      return;
    }
  }
  // No escalation (or nobody to escalate to): tell the assignee the task is overdue.
  run.record({ stepId: step.id, event: 'overdue', taskId: task.id, to: task.assignee });
  run.notify(
    [task.assignee],
    ENGINE_TEXTS.overdueSubject(step.title),
    ENGINE_TEXTS.overdueBody(step.title, task.dueAt ?? run.at),
    step.id,
  );
}

function badEvent(event: unknown): Rejection | null {
  if (event === null || typeof event !== 'object') return reject('bad_event', { reason: 'not an object' });
  const e = event as { type?: unknown; at?: unknown };
  if (typeof e.type !== 'string' || !Object.hasOwn(HANDLERS, e.type)) {
    return reject('bad_event', { reason: `type ${String(e.type)}` });
  }
  if (typeof e.at !== 'string' || !Number.isFinite(Date.parse(e.at))) {
    return reject('bad_event', { reason: `at ${String(e.at)}` });
  }
  if ('actor' in e && !nonEmpty((e as { actor?: unknown }).actor))
    return reject('bad_event', { reason: 'actor' });
  return null;
}

/**
 * The workflow engine: the next state of an instance and the effects for the runtime to execute. Pure and
 * deterministic — time comes from `event.at`, ids from the state; nothing is mutated; nothing is thrown: a
 * refused event answers `{ ok: false, code, message }`. An accepted event that changes nothing (a late timer,
 * a repeated compute.done or start) answers `{ ok: true, changed: false, state: <the input>, effects: [] }`.
 */
export function transition(
  def: WorkflowDefinition,
  state: InstanceState,
  event: WorkflowEvent,
  ctx: TransitionContext,
): TransitionResult {
  const bad = badEvent(event);
  if (bad) return bad;
  const handler = (HANDLERS[event.type] as Handler<WorkflowEvent>)(event);
  const verdict = handler.check(def, state);
  if (verdict === 'noop') return { ok: true, state, effects: [], changed: false };
  if (verdict !== null) return verdict;
  try {
    const run = new InstanceRun(def, state, event.at, ctx);
    handler.apply(run);
    return { ok: true, state: run.state, effects: run.effects, changed: true };
  } catch (error: unknown) {
    if (error instanceof RunAborted) return error.rejection;
    throw error;
  }
}
