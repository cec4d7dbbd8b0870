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
} from '@keyscore/persistence';
import {
  transition,
  type Effect,
  type InstanceState,
  type TaskState,
  type WorkflowDefinition,
  type WorkflowEvent,
} from '@keyscore/workflow';
import { AssigneeDirectory } from './assignee-directory.service';
import { EffectDispatcher, type PendingWork } from './effect-dispatcher.service';
import { rejectionException } from './transition-rejection.util';
import { WorkflowClock } from './workflow-clock';
import { WorkflowDefinitions } from './workflow-definitions.service';
import { WorkflowRepository } from './workflow.repository';

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
          work = await this.writeConsequences(
            manager,
            instance,
            definition,
            before,
            after,
            result.effects,
            now,
            actorOf(next),
          );
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

  /** Task rows mirror the state's tasks; async effects and notifications go to their outbox tables. */
  private async writeConsequences(
    manager: EntityManager,
    instance: WorkflowInstanceEntity,
    definition: WorkflowDefinition,
    before: InstanceState,
    after: InstanceState,
    effects: readonly Effect[],
    now: string,
    actor: string,
  ): Promise<PendingWork> {
    const created = new Map<string, Extract<Effect, { type: 'task.create' }>>();
    for (const effect of effects) if (effect.type === 'task.create') created.set(effect.taskId, effect);
    const inserts = [];
    for (const task of Object.values(after.tasks)) {
      const previous = before.tasks[task.id];
      if (!previous) {
        const effect = created.get(task.id);
        const step = definition.steps.find((s) => s.id === task.stepId);
        inserts.push({
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
        await this.repository.updateTask(manager, instance.id, task.id, {
          assigneeUserId: task.assignee,
          status: task.status,
          outcome: task.outcome ?? null,
          comment: task.comment ?? null,
          completedAt: task.status === 'open' ? null : now,
          completedBy: task.status === 'done' ? actor : null,
        });
      }
    }
    await this.repository.insertTasks(manager, inserts);

    const work: PendingWork = { effects: [], notifications: [] };
    const rows: WorkflowEffectEntity[] = [];
    const notifications: NotificationEntity[] = [];
    const settled: string[] = [];
    effects.forEach((effect, n) => {
      const id = `${instance.id}.${after.seq}.${n}`;
      switch (effect.type) {
        case 'compute':
          rows.push({
            id,
            instanceId: instance.id,
            type: 'compute',
            payload: JSON.stringify(effect),
            status: 'pending',
            runAt: null,
            createdAt: now,
            doneAt: null,
          });
          work.effects.push({ id, type: 'compute', runAt: null });
          break;
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
    await this.repository.insertEffects(manager, rows);
    await this.repository.insertNotifications(manager, notifications);
    if (after.status !== 'running')
      settled.push(...Object.keys(before.timers).map((t) => timerEffectId(instance.id, t)));
    await this.repository.settleEffects(manager, settled, now);
    return work;
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
