import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, type AuditChange } from '@keyscore/audit';
import {
  UnitOfWork,
  type InstanceStatus,
  type NotificationEntity,
  type WorkflowEffectEntity,
  type WorkflowInstanceEntity,
  type WorkflowTaskEntity,
} from '@keyscore/persistence';
import {
  transition,
  type Effect,
  type InstanceState,
  type TaskState,
  type TransitionResult,
  type WorkflowDefinition,
  type WorkflowEvent,
} from '@keyscore/workflow';
import { AssigneeDirectory } from './assignee-directory.service';
import { EffectDispatcher, type PendingWork } from './effect-dispatcher.service';
import { rejectionException } from './transition-rejection.util';
import { WorkflowClock } from './workflow-clock';
import { WorkflowDefinitions } from './workflow-definitions.service';
import { WorkflowRepository, type InstanceChanges } from './workflow.repository';

/** How often a transition is recomputed when another one on the same instance committed first. */
const MAX_ATTEMPTS = 8;

export interface ApplyOptions {
  /** First in the transaction; false abandons the transition (e.g. its effect was already executed). */
  claim?: (manager: EntityManager) => Promise<boolean>;
  /** More writes in the same transaction once the transition is accepted (e.g. a compute step's scores). */
  alongside?: (manager: EntityManager, instance: WorkflowInstanceEntity) => Promise<void>;
  /** System events (timers, computed results): a transition the core declines is a no-op, not an error. */
  system?: boolean;
  /** Audited with the transition (people's decisions). */
  audit?: (instance: WorkflowInstanceEntity) => AuditChange;
}

export interface ApplyOutcome {
  applied: boolean;
  instance: WorkflowInstanceEntity | null;
  state: InstanceState | null;
  /** A batch item's follow-up (`BatchItem.then`) was written with its transition. */
  followed?: boolean;
}

/** What a transition writes beside its instance row, and the jobs it leaves once committed. */
interface Consequences {
  tasks: WorkflowTaskEntity[];
  taskUpdates: { instanceId: string; taskKey: string; changes: Partial<WorkflowTaskEntity> }[];
  effects: WorkflowEffectEntity[];
  notifications: NotificationEntity[];
  settled: string[];
  work: PendingWork;
}

/** One system event of a batch (see `applyBatch`). */
export interface BatchItem {
  /** As read before the batch; a transition committed since then sends the item through `apply`. */
  instance: WorkflowInstanceEntity;
  event: (instance: WorkflowInstanceEntity, state: InstanceState) => WorkflowEvent | null;
  /** The outbox row this event executes, claimed in the same transaction (a row already done: skipped). */
  claim?: string;
  /** More writes for this instance once its transition is accepted, when it goes through `apply`. */
  alongside?: (manager: EntityManager, instance: WorkflowInstanceEntity) => Promise<void>;
  /**
   * The transition `preview` computed for `instance` as read (it is not computed again): the batch writes
   * it conditionally on that version, like any other. Not for an item with a `claim` (its event depends on
   * the claim).
   */
  previewed?: Previewed;
  /**
   * A second event, chosen from the effects of this item's transition (e.g. the result of the compute step
   * it reached, computed before the batch): written in the same transaction as a transition of its own, so
   * the version advances by 2. Not taken when the batch falls back to `apply`: the effect's row is then
   * pending and its job runs it.
   */
  then?: (effects: readonly Effect[], state: InstanceState) => FollowUp | null;
}

/** An event's transition computed from an instance as read, without writing (see `WorkflowRuntime.preview`). */
export interface Previewed {
  before: InstanceState;
  event: WorkflowEvent;
  result: TransitionResult;
}

/** The second event of a batch item (see `BatchItem.then`). */
export interface FollowUp {
  /** The compute step of the first transition that this event executes: its outbox row is written done. */
  effect: Extract<Effect, { type: 'compute' }>;
  event: WorkflowEvent;
}

export interface BatchOutcome {
  outcomes: Map<string, ApplyOutcome>;
  /** Jobs the batch's transaction left (the fallback through `apply` dispatches its own). */
  work: PendingWork;
}

class ConcurrentTransition extends Error {}

/**
 * Runs the pure core against the database: each event is one transaction that reads the instance,
 * computes the transition, writes the new state conditionally on the version it read, mirrors the tasks,
 * and writes the outbox (async effects, notifications). The jobs for the outbox go to Redis after the
 * commit, with the outbox row ids as job ids.
 */
@Injectable()
export class WorkflowRuntime {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly repository: WorkflowRepository,
    private readonly definitions: WorkflowDefinitions,
    private readonly assignees: AssigneeDirectory,
    private readonly dispatcher: EffectDispatcher,
    private readonly clock: WorkflowClock,
    private readonly audit: AuditService,
  ) {}

  now(): string {
    return this.clock.now().toISOString();
  }

  /** `target`: the instance's id, or the instance when the caller has just read it (saves a read). */
  async apply(
    target: string | WorkflowInstanceEntity,
    event: (instance: WorkflowInstanceEntity, state: InstanceState) => WorkflowEvent | null,
    options: ApplyOptions = {},
  ): Promise<ApplyOutcome> {
    // The definition and the directory are read before the transaction (an instance's workflow version
    // and subject never change): reading them inside it would hold one pooled connection while waiting
    // for another, which deadlocks a full pool.
    const head = typeof target === 'string' ? await this.repository.findInstance(target) : target;
    if (!head) return { applied: false, instance: null, state: null };
    const instanceId = head.id;
    const definition = await this.definitions.get(head.workflowKey, head.workflowVersion);
    const context = await this.assignees.context(head.managerPersonId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let work: PendingWork | null = null;
      const outcome = await this.unitOfWork
        .transaction(async (manager): Promise<ApplyOutcome> => {
          if (options.claim && !(await options.claim(manager)))
            return { applied: false, instance: null, state: null };
          const instance = await this.repository.findInstance(instanceId, manager);
          if (!instance) return { applied: false, instance: null, state: null };
          const before = JSON.parse(instance.state) as InstanceState;
          const next = event(instance, before);
          if (!next) return { applied: false, instance, state: before };
          const result = transition(definition, before, next, context);
          if (!result.ok) {
            if (options.system) return { applied: false, instance, state: before };
            throw rejectionException(result.code);
          }
          // An accepted no-op (a late timer, a repeated start): nothing to write beyond the claim.
          if (!result.changed) return { applied: false, instance, state: before };
          const now = this.now();
          const after = result.state;
          const status = after.status as InstanceStatus;
          const changes = {
            state: JSON.stringify(after),
            status,
            stage: after.active.join(',').slice(0, 400),
            updatedAt: now,
            endedAt: status === 'running' ? null : (instance.endedAt ?? now),
          };
          if (!(await this.repository.updateInstance(manager, instance.id, instance.version, changes))) {
            throw new ConcurrentTransition();
          }
          const consequences = this.consequences(
            instance,
            definition,
            before,
            after,
            result.effects,
            now,
            actorOf(next),
          );
          await this.writeConsequences(manager, [consequences], now);
          work = consequences.work;
          await options.alongside?.(manager, instance);
          if (options.audit) await this.audit.record(manager, [options.audit(instance)]);
          return {
            applied: true,
            instance: { ...instance, ...changes, version: instance.version + 1 },
            state: after,
          };
        })
        .catch((error: unknown) => {
          // SQLite: another process (api vs worker) committed between this transaction's read and its
          // write — the same lost race as a version mismatch, so recompute.
          if (error instanceof ConcurrentTransition || isSqliteBusy(error)) return null;
          throw error;
        });
      if (!outcome) continue;
      if (work) await this.dispatcher.dispatch(work);
      return outcome;
    }
    throw rejectionException('busy');
  }

  /**
   * System events of many instances (a launch batch's starts and their compute results, compute results)
   * in one transaction: one claim of their outbox rows, one update of their rows each conditional on the
   * version read, one insert per outbox table (per table and round: transitions, then follow-ups), then
   * `alongside` for the instances whose transition was written. Every transition is written as `apply`
   * writes it (a new state and version per event; an item's follow-up is a second one). If any instance
   * changed since it was read, or the batch fails, nothing of it is kept and each item goes through
   * `apply`, which reads, retries and dispatches on its own (follow-ups left to their effects' jobs).
   */
  async applyBatch(
    items: BatchItem[],
    alongside?: (
      manager: EntityManager,
      applied: WorkflowInstanceEntity[],
      /** Those of `applied` whose follow-up (`BatchItem.then`) was written too. */
      followed: WorkflowInstanceEntity[],
    ) => Promise<void>,
  ): Promise<BatchOutcome> {
    const outcomes = new Map<string, ApplyOutcome>();
    const work: PendingWork = { effects: [], notifications: [] };
    if (!items.length) return { outcomes, work };
    const prepared = await this.prepare(items);
    try {
      await this.unitOfWork.transaction(async (manager) => {
        outcomes.clear();
        const now = this.now();
        const claims = prepared.flatMap((p) => (p.item.claim ? [p.item.claim] : []));
        const claimed = await this.repository.claimEffects(manager, claims, now);
        const updates: { id: string; version: number; changes: InstanceChanges; steps: number }[] = [];
        // The items' transitions, then their follow-ups: written in that order (a follow-up may update a
        // task or settle a timer that the transition before it created).
        const written: Consequences[] = [];
        const writtenNext: Consequences[] = [];
        const applied: WorkflowInstanceEntity[] = [];
        const followed: WorkflowInstanceEntity[] = [];
        for (const { item, definition, context } of prepared) {
          const instance = item.instance;
          const previewed = item.claim ? undefined : item.previewed;
          const before = previewed?.before ?? (JSON.parse(instance.state) as InstanceState);
          const unchanged = { applied: false, instance, state: before };
          const next =
            previewed?.event ??
            (item.claim && !claimed.has(item.claim) ? null : item.event(instance, before));
          const result = next ? (previewed?.result ?? transition(definition, before, next, context)) : null;
          // Declined (a system event) or an accepted no-op: nothing to write beyond the claim.
          if (!next || !result?.ok || !result.changed) {
            outcomes.set(instance.id, item.claim && !claimed.has(item.claim) ? noOutcome() : unchanged);
            continue;
          }
          let after = result.state;
          let steps = 1;
          let executed: Effect | null = null;
          const follow = item.then?.(result.effects, after);
          if (follow && result.effects.includes(follow.effect)) {
            const second = transition(definition, after, follow.event, context);
            // A follow-up the core declines (or that changes nothing) leaves its effect to its job.
            if (second.ok && second.changed) {
              const actor = actorOf(follow.event);
              writtenNext.push(
                this.consequences(instance, definition, after, second.state, second.effects, now, actor),
              );
              executed = follow.effect;
              after = second.state;
              steps = 2;
            }
          }
          written.push(
            this.consequences(
              instance,
              definition,
              before,
              result.state,
              result.effects,
              now,
              actorOf(next),
              executed,
            ),
          );
          const status = after.status as InstanceStatus;
          const changes: InstanceChanges = {
            state: JSON.stringify(after),
            status,
            stage: after.active.join(',').slice(0, 400),
            updatedAt: now,
            endedAt: status === 'running' ? null : (instance.endedAt ?? now),
          };
          updates.push({ id: instance.id, version: instance.version, changes, steps });
          const updated = { ...instance, ...changes, version: instance.version + steps };
          applied.push(updated);
          if (executed) followed.push(updated);
          outcomes.set(instance.id, { applied: true, instance: updated, state: after, followed: !!executed });
        }
        const won = await this.repository.updateInstances(manager, updates);
        if (won.size !== updates.length) throw new ConcurrentTransition();
        await this.writeConsequences(manager, written, now);
        if (writtenNext.length) await this.writeConsequences(manager, writtenNext, now);
        if (applied.length) await alongside?.(manager, applied, followed);
        // A timer that a follow-up settled gets no job (it would find its row done).
        const settled = new Set(writtenNext.flatMap((c) => c.settled));
        for (const c of [...written, ...writtenNext]) {
          work.effects.push(...c.work.effects.filter((e) => !settled.has(e.id)));
          work.notifications.push(...c.work.notifications);
        }
      });
      return { outcomes, work };
    } catch (error) {
      // Lost races (and two batches locking the same rows in another order): one by one instead.
      if (!(error instanceof ConcurrentTransition) && !isSqliteBusy(error) && !isDeadlock(error)) throw error;
    }
    // One by one, as if each had come alone (without follow-ups: their effects' jobs run them).
    outcomes.clear();
    work.effects = [];
    work.notifications = [];
    for (const { instance, event, claim, alongside: more } of items) {
      const outcome = await this.apply(instance.id, event, {
        system: true,
        claim: claim ? (manager) => this.repository.claimEffect(manager, claim, this.now()) : undefined,
        alongside: more,
      });
      outcomes.set(instance.id, outcome);
    }
    return { outcomes, work };
  }

  /**
   * What each item's event would do to its instance as read, computed without writing anything (e.g. which
   * compute steps a batch of starts reaches, to score them before the batch's transaction); handed to
   * `applyBatch` as `BatchItem.previewed`, it is written without being computed twice. None for an item
   * whose event function gives no event.
   */
  async preview(items: Pick<BatchItem, 'instance' | 'event'>[]): Promise<Map<string, Previewed>> {
    const previews = new Map<string, Previewed>();
    for (const { item, definition, context } of await this.prepare(items)) {
      const before = JSON.parse(item.instance.state) as InstanceState;
      const event = item.event(item.instance, before);
      if (event)
        previews.set(item.instance.id, {
          before,
          event,
          result: transition(definition, before, event, context),
        });
    }
    return previews;
  }

  /** Each item with its instance's definition and assignee context (both cached, read outside transactions). */
  private prepare<T extends Pick<BatchItem, 'instance'>>(items: T[]) {
    return Promise.all(
      items.map(async (item) => ({
        item,
        definition: await this.definitions.get(item.instance.workflowKey, item.instance.workflowVersion),
        context: await this.assignees.context(item.instance.managerPersonId),
      })),
    );
  }

  /**
   * Task rows mirror the state's tasks; async effects and notifications go to their outbox tables.
   * `executed`: a compute step run in the same transaction (a batch item's follow-up), its row written done.
   */
  private consequences(
    instance: WorkflowInstanceEntity,
    definition: WorkflowDefinition,
    before: InstanceState,
    after: InstanceState,
    effects: readonly Effect[],
    now: string,
    actor: string,
    executed: Effect | null = null,
  ): Consequences {
    const created = new Map<string, Extract<Effect, { type: 'task.create' }>>();
    for (const effect of effects) if (effect.type === 'task.create') created.set(effect.taskId, effect);
    const tasks: WorkflowTaskEntity[] = [];
    const taskUpdates: Consequences['taskUpdates'] = [];
    for (const task of Object.values(after.tasks)) {
      const previous = before.tasks[task.id];
      if (!previous) {
        const effect = created.get(task.id);
        const step = definition.steps.find((s) => s.id === task.stepId);
        tasks.push({
          id: randomUUID(),
          instanceId: instance.id,
          taskKey: task.id,
          stepId: task.stepId,
          kind: task.kind,
          assigneeUserId: task.assignee,
          title: JSON.stringify(effect?.title ?? step?.title ?? { en: task.stepId, 'zh-CN': task.stepId }),
          status: task.status,
          outcome: task.outcome ?? null,
          comment: task.comment ?? null,
          form: effect?.form ? JSON.stringify(effect.form) : null,
          dueAt: task.dueAt ?? null,
          createdAt: now,
          completedAt: task.status === 'open' ? null : now,
          completedBy: null,
          version: 1,
        });
      } else if (changed(previous, task)) {
        taskUpdates.push({
          instanceId: instance.id,
          taskKey: task.id,
          changes: {
            assigneeUserId: task.assignee,
            status: task.status,
            outcome: task.outcome ?? null,
            comment: task.comment ?? null,
            completedAt: task.status === 'open' ? null : now,
            completedBy: task.status === 'done' ? actor : null,
          },
        });
      }
    }

    const work: PendingWork = { effects: [], notifications: [] };
    const rows: WorkflowEffectEntity[] = [];
    const notifications: NotificationEntity[] = [];
    const settled: string[] = [];
    effects.forEach((effect, n) => {
      const id = `${instance.id}.${after.seq}.${n}`;
      switch (effect.type) {
        case 'compute': {
          const done = effect === executed;
          rows.push({
            id,
            instanceId: instance.id,
            type: 'compute',
            payload: JSON.stringify(effect),
            status: done ? 'done' : 'pending',
            runAt: null,
            createdAt: now,
            doneAt: done ? now : null,
          });
          if (!done) work.effects.push({ id, type: 'compute', runAt: null });
          break;
        }
        case 'timer.schedule': {
          const timerId = timerEffectId(instance.id, effect.timerId);
          rows.push({
            id: timerId,
            instanceId: instance.id,
            type: 'timer',
            payload: JSON.stringify(effect),
            status: 'pending',
            runAt: effect.at,
            createdAt: now,
            doneAt: null,
          });
          work.effects.push({ id: timerId, type: 'timer', runAt: effect.at });
          break;
        }
        case 'timer.cancel':
          settled.push(timerEffectId(instance.id, effect.timerId));
          break;
        case 'notify':
          notifications.push({
            id,
            instanceId: instance.id,
            recipients: JSON.stringify(effect.to),
            subject: JSON.stringify(effect.subject),
            body: JSON.stringify(effect.body),
            status: 'pending',
            attempts: 0,
            createdAt: now,
            sentAt: null,
          });
          work.notifications.push(id);
          break;
        case 'task.reassign':
          // A delegated (or escalated) task: tell the person who now holds it.
          notifications.push({
            id,
            instanceId: instance.id,
            recipients: JSON.stringify([effect.assignee]),
            subject: JSON.stringify(REASSIGNED.subject),
            body: JSON.stringify(REASSIGNED.body),
            status: 'pending',
            attempts: 0,
            createdAt: now,
            sentAt: null,
          });
          work.notifications.push(id);
          break;
        default:
          // task.create / task.cancel are mirrored above; `ended` is the instance's status.
          break;
      }
    });
    if (after.status !== 'running')
      settled.push(...Object.keys(before.timers).map((t) => timerEffectId(instance.id, t)));
    return { tasks, taskUpdates, effects: rows, notifications, settled, work };
  }

  /** The consequences of one or many transitions: one insert per table, however many instances. */
  private async writeConsequences(manager: EntityManager, all: Consequences[], now: string) {
    for (const c of all)
      for (const u of c.taskUpdates)
        await this.repository.updateTask(manager, u.instanceId, u.taskKey, u.changes);
    await this.repository.insertTasks(
      manager,
      all.flatMap((c) => c.tasks),
    );
    await this.repository.insertEffects(
      manager,
      all.flatMap((c) => c.effects),
    );
    await this.repository.insertNotifications(
      manager,
      all.flatMap((c) => c.notifications),
    );
    await this.repository.settleEffects(
      manager,
      all.flatMap((c) => c.settled),
      now,
    );
  }
}

const REASSIGNED = {
  subject: { 'zh-CN': '您收到一项转交的任务', en: 'A task was handed to you' },
  body: {
    'zh-CN': '一项考核任务已转交给您，请在待办中查看。',
    en: 'A review task is now yours; see your inbox.',
  },
};

/** The outbox id of a timer: derived from the timer, so cancelling finds it. */
export function timerEffectId(instanceId: string, timerId: string): string {
  return `${instanceId}.t.${timerId}`;
}

function noOutcome(): ApplyOutcome {
  return { applied: false, instance: null, state: null };
}

function isDeadlock(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '40P01';
}

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function changed(a: TaskState, b: TaskState): boolean {
  return (
    a.status !== b.status || a.assignee !== b.assignee || a.outcome !== b.outcome || a.comment !== b.comment
  );
}

function actorOf(event: WorkflowEvent): string {
  return 'actor' in event && typeof event.actor === 'string' ? event.actor : 'system';
}
