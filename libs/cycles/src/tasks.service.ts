import { Injectable } from '@nestjs/common';
import { Permission, type Principal } from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import { AppException, NotFoundException } from '@keyscore/http';
import type { Bilingual, Locale } from '@keyscore/i18n';
import type { WorkflowInstanceEntity, WorkflowTaskEntity } from '@keyscore/persistence';
import type { InstanceState } from '@keyscore/workflow';
import { CyclesErrorCode, CyclesException } from './cycles.exception';
import { CyclesRepository } from './cycles.repository';
import type { CompleteTask, DelegateTask } from './cycles.schemas';
import { instanceAccounts } from './instance-data.util';
import { principalId } from './principal-id.util';
import { TaskForms } from './task-forms.service';
import { WorkflowRuntime } from './workflow-runtime.service';
import { WorkflowRepository } from './workflow.repository';

const TASK = { en: 'Task', 'zh-CN': '任务' };
const NO_DELEGATE = {
  en: 'Tasks can only be handed to an active user who works tasks (an account manager, reviewer or admin).',
  'zh-CN': '任务只能转交给可处理任务的有效用户（客户经理、评审人或管理员）。',
};
const INSTANCE = { en: 'Review', 'zh-CN': '考核流程' };

/**
 * The reviewer inbox and the actions on a task. A task is acted on by its assignee; an admin may act on
 * any task, as its assignee (the history records the admin as the actor of the HTTP call in the audit).
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly repository: WorkflowRepository,
    private readonly cycles: CyclesRepository,
    private readonly runtime: WorkflowRuntime,
    private readonly forms: TaskForms,
    private readonly directory: DirectoryService,
  ) {}

  /** My open tasks, soonest due first, each with its instance and the current score summary. */
  async inbox(principal: Principal) {
    const tasks = await this.repository.openTasksOf(principalId(principal));
    const instances = new Map(
      (await this.repository.instancesByIds([...new Set(tasks.map((t) => t.instanceId))])).map((i) => [
        i.id,
        i,
      ]),
    );
    const now = this.runtime.now();
    return Promise.all(
      tasks.map(async (task) => {
        const instance = instances.get(task.instanceId)!;
        return {
          ...this.taskView(task, now),
          instance: this.instanceSummary(instance),
          scores: await this.scoreSummaries(instance),
        };
      }),
    );
  }

  /** One task with its instance, history and the full scorecards (with traces) of the accounts it covers. */
  async get(taskId: string, principal: Principal, locale: Locale = 'en') {
    const task = await this.loadTask(taskId);
    const instance = await this.loadInstance(task.instanceId);
    await this.assertMayRead(instance, task, principal);
    const state = JSON.parse(instance.state) as InstanceState;
    return {
      ...this.taskView(task, this.runtime.now()),
      instance: { ...this.instanceSummary(instance), history: state.history, data: state.data },
      form: task.form
        ? await this.forms.describe(JSON.parse(task.form) as { key: string; version?: number }, locale)
        : null,
      scorecards: await this.scorecards(instance),
    };
  }

  async complete(taskId: string, input: CompleteTask, principal: Principal, locale: Locale = 'en') {
    const task = await this.loadTask(taskId);
    const actingAs = this.actingAs(task, principal);
    const data =
      task.kind === 'form' && input.outcome === 'submit' && task.form
        ? await this.forms.validate(JSON.parse(task.form) as { key: string; version?: number }, input)
        : undefined;
    await this.runtime.apply(
      task.instanceId,
      (_instance, state) => ({
        type: 'task.complete',
        taskId: task.taskKey,
        actor: actingAs(state),
        outcome: input.outcome,
        ...(input.comment ? { comment: input.comment } : {}),
        ...(data ? { data } : {}),
        at: this.runtime.now(),
      }),
      {
        audit: () => ({
          action: `task.${input.outcome}`,
          entityType: 'workflow_task',
          entityId: task.id,
          after: { instanceId: task.instanceId, stepId: task.stepId, comment: input.comment ?? null },
        }),
      },
    );
    return this.get(taskId, principal, locale);
  }

  async delegate(taskId: string, input: DelegateTask, principal: Principal) {
    const task = await this.loadTask(taskId);
    const actingAs = this.actingAs(task, principal);
    if (!(await this.repository.mayWorkTasks(input.to))) {
      throw new AppException(422, 'cycles.unknown_delegate', NO_DELEGATE, [
        { pointer: '/body/to', message: NO_DELEGATE },
      ]);
    }
    await this.runtime.apply(
      task.instanceId,
      (_instance, state) => ({
        type: 'task.delegate',
        taskId: task.taskKey,
        actor: actingAs(state),
        to: input.to,
        comment: input.comment,
        at: this.runtime.now(),
      }),
      {
        audit: () => ({
          action: 'task.delegate',
          entityType: 'workflow_task',
          entityId: task.id,
          before: { assignee: task.assigneeUserId },
          after: { assignee: input.to, comment: input.comment },
        }),
      },
    );
    // The caller no longer holds the task and may not be allowed to read it any more.
    return { taskId, delegatedTo: input.to };
  }

  /** An account manager's own reviews (instances about them or their accounts). */
  async mine(principal: Principal) {
    const personId = principal.kind === 'user' ? principal.user.personId : null;
    const instances = personId ? await this.repository.instancesForManagers([personId]) : [];
    return Promise.all(
      instances.map(async (i) => ({ ...this.instanceSummary(i), scores: await this.scoreSummaries(i) })),
    );
  }

  async instance(id: string, principal: Principal) {
    const instance = await this.loadInstance(id);
    await this.assertMayRead(instance, null, principal);
    const state = JSON.parse(instance.state) as InstanceState;
    const tasks = await this.repository.tasksOfInstance(id);
    const now = this.runtime.now();
    return {
      ...this.instanceSummary(instance),
      history: state.history,
      data: state.data,
      tasks: tasks.map((t) => this.taskView(t, now)),
      scorecards: await this.scorecards(instance),
    };
  }

  /**
   * Whom the action is taken as: the caller when they hold the task, or — for an admin — whoever holds it
   * in the state the transition reads (it may have been delegated or escalated a moment ago).
   */
  private actingAs(task: WorkflowTaskEntity, principal: Principal): (state: InstanceState) => string {
    const me = principalId(principal);
    if (principal.permissions.has(Permission.CyclesManage))
      return (state) => state.tasks[task.taskKey]?.assignee ?? task.assigneeUserId;
    if (task.assigneeUserId === me) return () => me;
    throw new CyclesException(CyclesErrorCode.NotAssignee);
  }

  /**
   * Admins read every review; others the reviews they hold (or held) a task in, their own, and — reviewers —
   * those whose accounts are all in their scope.
   */
  private async assertMayRead(
    instance: WorkflowInstanceEntity,
    task: WorkflowTaskEntity | null,
    principal: Principal,
  ) {
    if (principal.permissions.has(Permission.CyclesManage)) return;
    const me = principalId(principal);
    const personId = principal.kind === 'user' ? principal.user.personId : null;
    if (task?.assigneeUserId === me || (personId && instance.managerPersonId === personId)) return;
    if (await this.repository.hasTask(instance.id, me)) return;
    const accounts = instanceAccounts(instance);
    if (principal.permissions.has(Permission.CyclesRead) && accounts.length) {
      const visible = await Promise.all(
        accounts.map((id) =>
          this.directory.getAccount(id, principal.accounts).then(
            () => true,
            () => false,
          ),
        ),
      );
      if (visible.every(Boolean)) return;
    }
    throw new AppException(403, 'cycles.not_yours', {
      en: 'This review is not yours to see.',
      'zh-CN': '您无权查看该考核流程。',
    });
  }

  /** The stored scores of the accounts an instance covers (none outside a cycle). */
  private scoreRows(instance: WorkflowInstanceEntity) {
    return instance.cycleId
      ? this.cycles.scoresOfAccounts(instance.cycleId, instanceAccounts(instance))
      : Promise.resolve([]);
  }

  private async scoreSummaries(instance: WorkflowInstanceEntity) {
    return (await this.scoreRows(instance)).map((r) => ({
      accountId: r.accountId,
      score: r.score,
      rating: r.rating,
      coverage: r.coverage,
      lockedAt: r.lockedAt,
    }));
  }

  private async scorecards(instance: WorkflowInstanceEntity) {
    const rows = await this.scoreRows(instance);
    const cards = await this.cycles.scorecardsOf(rows);
    return rows.map((r, n) => ({ ...(cards[n] as object), lockedAt: r.lockedAt }) as unknown);
  }

  private taskView(task: WorkflowTaskEntity, now: string) {
    return {
      id: task.id,
      instanceId: task.instanceId,
      stepId: task.stepId,
      kind: task.kind,
      title: JSON.parse(task.title) as Bilingual,
      assignee: task.assigneeUserId,
      status: task.status,
      outcome: task.outcome,
      comment: task.comment,
      dueAt: task.dueAt,
      overdue: task.status === 'open' && !!task.dueAt && task.dueAt < now,
      createdAt: task.createdAt,
      completedAt: task.completedAt,
      completedBy: task.completedBy,
    };
  }

  private instanceSummary(instance: WorkflowInstanceEntity) {
    return {
      id: instance.id,
      cycleId: instance.cycleId,
      workflow: { key: instance.workflowKey, version: instance.workflowVersion },
      subject: { type: instance.subjectType, id: instance.subjectId },
      period: instance.period,
      status: instance.status,
      stage: instance.stage ? instance.stage.split(',') : [],
      updatedAt: instance.updatedAt,
      endedAt: instance.endedAt,
    };
  }

  private async loadTask(id: string) {
    const task = await this.repository.findTask(id);
    if (!task) throw new NotFoundException(TASK, '/params/id');
    return task;
  }

  private async loadInstance(id: string) {
    const instance = await this.repository.findInstance(id);
    if (!instance) throw new NotFoundException(INSTANCE, '/params/id');
    return instance;
  }
}
