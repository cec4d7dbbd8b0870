import type { Bilingual } from '@keyscore/i18n';
import { cloneJson } from './clone-json.util';
import { conditionHolds, mergeData } from './instance-data.util';
import type {
  Effect,
  HistoryEntry,
  InstanceState,
  TaskOutcome,
  TaskState,
  TimerState,
  TransitionContext,
} from './instance.types';
import { RunAborted, reject } from './rejection.util';
import { fillFromData, text } from './text.util';
import { workflowGraph, type WorkflowGraph } from './workflow-graph.util';
import type {
  ApprovalStep,
  AssigneeRule,
  FormStep,
  StepOf,
  StepType,
  WorkflowDefinition,
  WorkflowStep,
} from './workflow.schema';

/** How many steps one transition may enter before it is taken for a loop of automatic steps. */
export const STEP_LIMIT = 1000;
const DAY_MS = 86_400_000;
const ADMINS: AssigneeRule = { relation: 'admin' };

/** `at` plus a number of days, as an ISO string. */
export function addDays(at: string, days: number): string {
  const ms = Date.parse(at) + days * DAY_MS;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : at;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => typeof v === 'string' && v.length > 0))];
}

/**
 * One transition's working copy: the state being changed, the effects so far and the steps still to
 * enter. Step types are handled by the `ENTER` registry below; events by `transition`.
 */
export class InstanceRun {
  readonly graph: WorkflowGraph;
  readonly state: InstanceState;
  readonly effects: Effect[] = [];
  readonly seq: number;
  private readonly queue: { stepId: string; from: string | null }[] = [];
  private entered = 0;

  constructor(
    readonly def: WorkflowDefinition,
    input: InstanceState,
    readonly at: string,
    readonly ctx: TransitionContext,
  ) {
    this.graph = workflowGraph(def);
    this.state = cloneJson(input);
    this.seq = input.seq + 1;
    this.state.seq = this.seq;
  }

  step(id: string): WorkflowStep | undefined {
    return this.graph.byId.get(id)?.step;
  }

  record(entry: Omit<HistoryEntry, 'seq' | 'at'>): void {
    this.state.history.push({ seq: this.seq, at: this.at, ...entry });
  }

  get running(): boolean {
    return this.state.status === 'running';
  }

  // ---------------------------------------------------------------- moving between steps

  /** Queues a step to enter; `from` is the step left (the split for a branch root). */
  goto(stepId: string, from: string | null): void {
    this.queue.push({ stepId, from });
  }

  /** Enters queued steps until only waiting steps are active or the instance ended. */
  drain(): void {
    while (this.queue.length > 0 && this.running) {
      const { stepId, from } = this.queue.shift() as { stepId: string; from: string | null };
      if (++this.entered > STEP_LIMIT) throw new RunAborted(reject('step_limit', { limit: STEP_LIMIT }));
      const step = this.step(stepId);
      if (!step) throw new RunAborted(reject('bad_event', { reason: `unknown step ${stepId}` }));
      this.record({ stepId, event: 'enter' });
      (ENTER[step.type] as (run: InstanceRun, s: WorkflowStep, from: string | null) => void)(
        this,
        step,
        from,
      );
    }
    this.queue.length = 0;
  }

  activate(stepId: string): void {
    if (!this.state.active.includes(stepId)) this.state.active.push(stepId);
  }

  /** Leaves a step: it is no longer active, its open tasks are cancelled, its timers too. */
  leave(stepId: string): void {
    this.state.active = this.state.active.filter((s) => s !== stepId);
    for (const task of Object.values(this.state.tasks)) {
      if (task.stepId === stepId && task.status === 'open') this.cancelTask(task);
    }
    for (const [id, timer] of Object.entries(this.state.timers))
      if (timer.stepId === stepId) this.cancelTimer(id);
  }

  /** Ends the instance: open tasks and timers are cancelled, nothing stays active. */
  finish(outcome: 'completed' | 'rejected' | 'cancelled'): void {
    for (const task of Object.values(this.state.tasks)) if (task.status === 'open') this.cancelTask(task);
    for (const id of Object.keys(this.state.timers)) this.cancelTimer(id);
    this.state.active = [];
    this.state.joins = {};
    this.state.status = outcome;
    this.queue.length = 0;
    this.effects.push({ type: 'ended', outcome });
  }

  // ---------------------------------------------------------------- tasks and timers

  private freshId(record: Readonly<Record<string, unknown>>, base: string): string {
    let id = base;
    for (let k = 2; Object.hasOwn(record, id); k++) id = `${base}.${k}`;
    return id;
  }

  /** User ids for a task rule; nobody → the first admin; no admin either → the transition is refused. */
  assigneesFor(rules: readonly AssigneeRule[], stepId: string): string[] {
    const users = unique(rules.flatMap((r) => this.ctx.resolve(r)));
    if (users.length > 0) return users;
    const admin = unique(this.ctx.resolve(ADMINS))[0];
    if (admin === undefined) throw new RunAborted(reject('no_assignee', { step: stepId }));
    this.record({ stepId, event: 'assignee.fallback', to: admin });
    return [admin];
  }

  /** Opens one task per user (ids `${step}.${seq}` for one, `${step}.${seq}.${n}` for several). */
  openTasks(
    step: FormStep | ApprovalStep,
    users: readonly string[],
    extra: Pick<TaskState, 'position' | 'escalated' | 'escalatedFrom'> = {},
  ): void {
    users.forEach((assignee, n) => {
      const base = users.length === 1 ? `${step.id}.${this.seq}` : `${step.id}.${this.seq}.${n + 1}`;
      const id = this.freshId(this.state.tasks, base);
      const dueAt = step.due ? addDays(this.at, step.due.days) : undefined;
      const task: TaskState = {
        id,
        stepId: step.id,
        kind: step.type,
        assignee,
        status: 'open',
        ...(dueAt !== undefined ? { dueAt } : {}),
        ...extra,
      };
      this.state.tasks[id] = task;
      this.effects.push({
        type: 'task.create',
        taskId: id,
        stepId: step.id,
        kind: step.type,
        assignee,
        title: { ...step.title },
        ...(dueAt !== undefined ? { dueAt } : {}),
        ...(step.type === 'form' ? { form: { ...step.form } } : {}),
        ...(extra.escalated ? { escalated: true } : {}),
      });
      if (step.due && dueAt !== undefined) {
        this.scheduleReminders(`${id}.r`, dueAt, step.due.remindBefore, { stepId: step.id, taskId: id });
        // An escalated task does not escalate again: it gets reminders, not a deadline.
        if (!extra.escalated)
          this.schedule(`${id}.due`, { at: dueAt, purpose: 'deadline', stepId: step.id, taskId: id });
      }
    });
  }

  /** Reminders `days` before `end`, skipping those already in the past. */
  scheduleReminders(
    prefix: string,
    end: string,
    days: readonly number[] | undefined,
    owner: Pick<TimerState, 'stepId' | 'taskId'>,
  ): void {
    const sorted = [...new Set(days ?? [])].sort((a, b) => b - a);
    sorted.forEach((d, j) => {
      const at = addDays(end, -d);
      if (Date.parse(at) > Date.parse(this.at))
        this.schedule(`${prefix}${j + 1}`, { at, purpose: 'reminder', days: d, ...owner });
    });
  }

  schedule(base: string, timer: TimerState): void {
    const timerId = this.freshId(this.state.timers, base);
    this.state.timers[timerId] = timer;
    this.effects.push({ type: 'timer.schedule', timerId, at: timer.at, purpose: timer.purpose });
  }

  cancelTimer(id: string): void {
    if (!Object.hasOwn(this.state.timers, id)) return;
    delete this.state.timers[id];
    this.effects.push({ type: 'timer.cancel', timerId: id });
  }

  cancelTimersOfTask(taskId: string): void {
    for (const [id, timer] of Object.entries(this.state.timers))
      if (timer.taskId === taskId) this.cancelTimer(id);
  }

  cancelTask(task: TaskState): void {
    task.status = 'cancelled';
    this.effects.push({ type: 'task.cancel', taskId: task.id });
    this.cancelTimersOfTask(task.id);
  }

  /** Marks a task done and moves its step on as its outcome decides. */
  completeTask(
    task: TaskState,
    actor: string,
    outcome: TaskOutcome,
    comment: string | undefined,
    data: unknown,
  ): void {
    task.status = 'done';
    task.outcome = outcome;
    task.completedBy = actor;
    if (comment !== undefined && comment !== '') task.comment = comment;
    this.cancelTimersOfTask(task.id);
    this.record({
      stepId: task.stepId,
      event: 'task.complete',
      actor,
      outcome,
      taskId: task.id,
      ...(task.comment !== undefined ? { comment: task.comment } : {}),
    });
    const step = this.step(task.stepId);
    if (step?.type === 'form') {
      mergeData(this.state.data, data);
      this.leave(step.id);
      this.goto(step.next, step.id);
    } else if (step?.type === 'approval') {
      this.approvalOutcome(step, task, outcome);
    }
    this.drain();
  }

  private approvalOutcome(step: ApprovalStep, task: TaskState, outcome: TaskOutcome): void {
    if (outcome !== 'approve') return this.decide(step, outcome === 'return' ? 'return' : 'reject');
    if (step.mode === 'all') {
      const waiting = Object.values(this.state.tasks).some(
        (t) => t.stepId === step.id && t.status === 'open',
      );
      if (!waiting) this.decide(step, 'approve');
      return;
    }
    if (step.mode === 'sequence') {
      const position = (task.position ?? 0) + 1;
      const rule = step.assignees[position];
      if (rule !== undefined) {
        this.openTasks(step, this.assigneesFor([rule], step.id).slice(0, 1), { position });
        return;
      }
    }
    this.decide(step, 'approve');
  }

  /** An approval step's decision: recorded in the data as `<step>_outcome`, then on to the named step. */
  private decide(step: ApprovalStep, outcome: 'approve' | 'reject' | 'return'): void {
    this.state.data[`${step.id}_outcome`] = outcome;
    this.record({ stepId: step.id, event: 'decision', outcome });
    this.leave(step.id);
    if (outcome === 'return' && step.next.return !== undefined) {
      this.state.round += 1;
      this.goto(step.next.return, step.id);
    } else {
      this.goto(outcome === 'reject' ? step.next.reject : step.next.approve, step.id);
    }
  }

  notify(to: readonly string[], subject: Bilingual, body: Bilingual, stepId: string): void {
    if (to.length === 0) return;
    this.effects.push({ type: 'notify', to: [...to], subject, body, stepId });
  }

  /** The data a message or condition sees: the instance data and `round`. */
  view(): Record<string, unknown> {
    return { ...this.state.data, round: this.state.round };
  }
}

// ---------------------------------------------------------------------------------------------
// What entering each step type does (a registry, not a switch per type).

type EnterHandler<T extends StepType> = (run: InstanceRun, step: StepOf<T>, from: string | null) => void;

const ENTER: { [T in StepType]: EnterHandler<T> } = {
  form: (run, step) => {
    run.activate(step.id);
    run.openTasks(step, run.assigneesFor([step.assignee], step.id));
  },

  approval: (run, step) => {
    run.activate(step.id);
    if (step.mode === 'sequence') {
      run.openTasks(step, run.assigneesFor(step.assignees.slice(0, 1), step.id).slice(0, 1), { position: 0 });
    } else if (step.mode === 'single') {
      run.openTasks(step, run.assigneesFor(step.assignees.slice(0, 1), step.id).slice(0, 1));
    } else {
      run.openTasks(step, run.assigneesFor(step.assignees, step.id));
    }
  },

  compute: (run, step) => {
    run.activate(step.id);
    run.effects.push({ type: 'compute', stepId: step.id });
  },

  condition: (run, step) => {
    const data = run.state.data;
    const i = step.branches.findIndex((b) => conditionHolds(b.when, data, run.state.round));
    run.record({ stepId: step.id, event: 'condition', outcome: i >= 0 ? `branches/${i}` : 'otherwise' });
    run.goto(i >= 0 ? step.branches[i].next : step.otherwise, step.id);
  },

  parallel: (run, step) => {
    for (const b of step.branches) run.goto(b, step.id);
  },

  join: (run, step, from) => {
    const split = run.graph.splitOf.get(step.id);
    const splitStep = split !== undefined ? run.step(split) : undefined;
    let branch: string | undefined;
    if (from !== null && from === split)
      branch = step.id; // an empty branch: the split names the join
    else if (from !== null) {
      const b = run.graph.branchOf.get(from);
      if (b !== undefined && b.parallel === split) branch = b.root;
    }
    if (splitStep?.type !== 'parallel' || branch === undefined) {
      // Not a matched join (validateWorkflow refuses such definitions): let the token through.
      run.goto(step.next, step.id);
      return;
    }
    const arrived = run.state.joins[step.id] ?? [];
    if (!arrived.includes(branch)) arrived.push(branch);
    run.record({ stepId: step.id, event: 'join.arrive', outcome: branch });
    if (splitStep.branches.every((b) => arrived.includes(b))) {
      delete run.state.joins[step.id];
      run.state.active = run.state.active.filter((s) => s !== step.id);
      run.goto(step.next, step.id);
    } else {
      run.state.joins[step.id] = arrived;
      run.activate(step.id);
    }
  },

  wait: (run, step) => {
    run.activate(step.id);
    const end = addDays(run.at, step.days);
    const base = `${step.id}.${run.seq}`;
    run.scheduleReminders(`${base}.r`, end, step.reminders, { stepId: step.id });
    run.schedule(`${base}.wait`, { at: end, purpose: 'wait', stepId: step.id });
  },

  notify: (run, step) => {
    const to = unique(run.ctx.resolve(step.to));
    const view = run.view();
    run.notify(to, fillFromData(step.message.subject, view), fillFromData(step.message.body, view), step.id);
    run.record({ stepId: step.id, event: 'notify', outcome: to.length > 0 ? 'sent' : 'nobody' });
    run.goto(step.next, step.id);
  },

  end: (run, step) => {
    run.record({ stepId: step.id, event: 'end', outcome: step.outcome });
    run.finish(step.outcome);
  },
};

/** Texts the engine itself writes (reminders, overdue notices, automatic completions). */
export const ENGINE_TEXTS = {
  taskReminderSubject: (title: Bilingual, days: number) =>
    text('提醒：「{title}」将于 {days} 天后到期', 'Reminder: "{title}" is due in {days} day(s)', {
      title,
      days,
    }),
  taskReminderBody: (title: Bilingual, due: string) =>
    text('请在 {due} 前完成「{title}」。', 'Please complete "{title}" before {due}.', { title, due }),
  overdueSubject: (title: Bilingual) => text('已逾期：「{title}」', 'Overdue: "{title}"', { title }),
  overdueBody: (title: Bilingual, due: string) =>
    text('「{title}」已于 {due} 到期，请尽快处理。', '"{title}" was due on {due}. Please complete it now.', {
      title,
      due,
    }),
  waitReminderSubject: (title: Bilingual, days: number) =>
    text('提醒：「{title}」将于 {days} 天后结束', 'Reminder: "{title}" ends in {days} day(s)', {
      title,
      days,
    }),
  waitReminderBody: (title: Bilingual, end: string) =>
    text('「{title}」将于 {end} 结束。', '"{title}" ends on {end}.', { title, end }),
  autoComment: (outcome: string) =>
    text(
      '已超过截止时间，系统自动处理（{outcome}）',
      'The deadline passed; completed by the system ({outcome})',
      { outcome },
    ),
};
