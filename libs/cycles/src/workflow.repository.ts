import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, MoreThan, type EntityManager } from 'typeorm';
import {
  insertEntities,
  NotificationEntity,
  PersonEntity,
  UserEntity,
  WorkflowEffectEntity,
  WorkflowInstanceEntity,
  WorkflowTaskEntity,
} from '@keyscore/persistence';

/** What a transition writes to its instance row (besides the version). */
export type InstanceChanges = Pick<
  WorkflowInstanceEntity,
  'state' | 'status' | 'stage' | 'updatedAt' | 'endedAt'
>;

/** Rows of an UPDATE … RETURNING: TypeORM answers [rows, count] on PostgreSQL and the rows on SQLite. */
function returnedRows(result: unknown): { id: string }[] {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0] as { id: string }[];
  return Array.isArray(result) ? (result as { id: string }[]) : [];
}

/** Every query on workflow instances, their tasks, the effect outbox and notifications. */
@Injectable()
export class WorkflowRepository {
  constructor(private readonly dataSource: DataSource) {}

  findInstance(id: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOneBy(WorkflowInstanceEntity, { id });
  }

  /** Conditional on the version the transition read: false when another transition got there first. */
  async updateInstance(
    manager: EntityManager,
    id: string,
    version: number,
    changes: Partial<WorkflowInstanceEntity>,
  ): Promise<boolean> {
    const result = await manager.update(
      WorkflowInstanceEntity,
      { id, version },
      { ...changes, version: version + 1 },
    );
    return (result.affected ?? 0) === 1;
  }

  /**
   * Many transitions in one statement, each conditional on the version it read: the ids whose row was
   * updated (an id missing from the answer lost its race to another transition). `steps`: how many
   * transitions the row's new state is (default 1), each one version.
   */
  async updateInstances(
    manager: EntityManager,
    rows: { id: string; version: number; changes: InstanceChanges; steps?: number }[],
  ): Promise<Set<string>> {
    if (!rows.length) return new Set();
    const postgres = manager.connection.options.type === 'postgres';
    const params: unknown[] = [];
    const mark = (value: unknown) => {
      params.push(value);
      return postgres ? `$${params.length}` : '?';
    };
    const tuples = rows.map(
      ({ id, version, changes: c, steps = 1 }) =>
        `(${[id, c.state, c.status, c.stage, c.updatedAt, c.endedAt, version, steps].map(mark).join(', ')})`,
    );
    const result: unknown = await manager.query(
      `UPDATE workflow_instances AS w SET state = v.column2, status = v.column3, stage = v.column4,
         updated_at = v.column5, ended_at = v.column6, version = w.version + CAST(v.column8 AS INTEGER)
       FROM (VALUES ${tuples.join(', ')}) AS v
       WHERE w.id = v.column1 AND w.version = CAST(v.column7 AS INTEGER)
       RETURNING id`,
      params,
    );
    return new Set(returnedRows(result).map((r) => r.id));
  }

  instancesOfCycle(cycleId: string) {
    return this.dataSource
      .getRepository(WorkflowInstanceEntity)
      .find({ where: { cycleId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  instancesForManagers(personIds: string[]) {
    if (!personIds.length) return Promise.resolve([]);
    return this.dataSource
      .getRepository(WorkflowInstanceEntity)
      .find({ where: { managerPersonId: In(personIds) }, order: { updatedAt: 'DESC' }, take: 200 });
  }

  /** Instances launched but not started yet (their start job may have been lost with Redis). */
  /** Instances still `created` that were created before `before` (real time, as launches stamp them). */
  createdInstances(before: string, limit: number, afterId = '') {
    return this.dataSource.getRepository(WorkflowInstanceEntity).find({
      select: { id: true },
      where: { status: 'created', createdAt: LessThan(before), id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  countCreated(cycleId: string) {
    return this.dataSource.getRepository(WorkflowInstanceEntity).countBy({ cycleId, status: 'created' });
  }

  insertTasks(manager: EntityManager, rows: WorkflowTaskEntity[]) {
    return insertEntities(manager, WorkflowTaskEntity, rows);
  }

  updateTask(
    manager: EntityManager,
    instanceId: string,
    taskKey: string,
    changes: Partial<WorkflowTaskEntity>,
  ) {
    return manager.update(WorkflowTaskEntity, { instanceId, taskKey }, changes);
  }

  findTask(id: string) {
    return this.dataSource.getRepository(WorkflowTaskEntity).findOneBy({ id });
  }

  tasksOfInstance(instanceId: string) {
    return this.dataSource
      .getRepository(WorkflowTaskEntity)
      .find({ where: { instanceId }, order: { createdAt: 'ASC' } });
  }

  /** The first 200 open tasks of a user, soonest due first. */
  openTasksOf(userId: string) {
    return this.dataSource.getRepository(WorkflowTaskEntity).find({
      where: { assigneeUserId: userId, status: 'open' },
      order: { dueAt: 'ASC', createdAt: 'ASC' },
      take: 200,
    });
  }

  async hasTask(instanceId: string, userId: string): Promise<boolean> {
    const count = await this.dataSource
      .getRepository(WorkflowTaskEntity)
      .countBy({ instanceId, assigneeUserId: userId });
    return count > 0;
  }

  /** Whether a user exists, is active and has a role that works tasks. */
  async mayWorkTasks(userId: string): Promise<boolean> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    return !!user && !user.disabledAt && ['admin', 'reviewer', 'account_manager'].includes(user.role);
  }

  instancesByIds(ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.getRepository(WorkflowInstanceEntity).findBy({ id: In(ids) });
  }

  insertEffects(manager: EntityManager, rows: WorkflowEffectEntity[]) {
    return insertEntities(manager, WorkflowEffectEntity, rows);
  }

  findEffect(id: string) {
    return this.dataSource.getRepository(WorkflowEffectEntity).findOneBy({ id });
  }

  /**
   * Marks a pending effect done, in the transaction that writes its consequences: of two deliveries of
   * the same job, only the one whose update changed the row goes on.
   */
  async claimEffect(manager: EntityManager, id: string, at: string): Promise<boolean> {
    const result = await manager.update(
      WorkflowEffectEntity,
      { id, status: 'pending' },
      { status: 'done', doneAt: at },
    );
    return (result.affected ?? 0) === 1;
  }

  /** `claimEffect` for many rows in one statement: the ids this transaction claimed. */
  async claimEffects(manager: EntityManager, ids: string[], at: string): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const postgres = manager.connection.options.type === 'postgres';
    const marks = ids.map((_, i) => (postgres ? `$${i + 2}` : '?'));
    const result: unknown = await manager.query(
      `UPDATE workflow_effects SET status = 'done', done_at = ${postgres ? '$1' : '?'}
       WHERE status = 'pending' AND id IN (${marks.join(', ')}) RETURNING id`,
      [at, ...ids],
    );
    return new Set(returnedRows(result).map((r) => r.id));
  }

  effectsByIds(ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.getRepository(WorkflowEffectEntity).findBy({ id: In(ids) });
  }

  /** Pending timers of an instance (to cancel them when the instance ends or the core says so). */
  async settleEffects(manager: EntityManager, ids: string[], at: string) {
    if (ids.length)
      await manager.update(
        WorkflowEffectEntity,
        { id: In(ids), status: 'pending' },
        { status: 'done', doneAt: at },
      );
  }

  pendingEffectsOf(instanceId: string) {
    return this.dataSource
      .getRepository(WorkflowEffectEntity)
      .find({ where: { instanceId, status: 'pending' }, order: { id: 'ASC' } });
  }

  openTasksOfInstance(instanceId: string) {
    return this.dataSource
      .getRepository(WorkflowTaskEntity)
      .find({ where: { instanceId, status: 'open' }, order: { createdAt: 'ASC' } });
  }

  /** Pending effects of some types created before `before`, a page at a time (the reconciler). */
  pendingEffects(types: string[], before: string, limit: number, afterId = '') {
    return this.dataSource.getRepository(WorkflowEffectEntity).find({
      where: { status: 'pending', type: In(types), createdAt: LessThan(before), id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  /** Notifications not delivered yet (pending, or failed after their attempts), a page at a time. */
  undeliveredNotifications(before: string, limit: number, afterId = '') {
    return this.dataSource.getRepository(NotificationEntity).find({
      select: { id: true },
      where: { status: In(['pending', 'failed']), createdAt: LessThan(before), id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  insertNotifications(manager: EntityManager, rows: NotificationEntity[]) {
    return insertEntities(manager, NotificationEntity, rows);
  }

  /** The directory as assignee rules need it: who reports to whom, who is which user. */
  async directorySnapshot() {
    const [people, users] = await Promise.all([
      this.dataSource
        .getRepository(PersonEntity)
        .find({ select: { id: true, managerId: true, departmentId: true, employeeNo: true } }),
      this.dataSource.getRepository(UserEntity).find({
        select: { id: true, role: true, personId: true, disabledAt: true, createdAt: true },
        // The first admin is the workspace's first: the one who gets work meant for "an admin".
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    ]);
    return { people, users: users.filter((u) => !u.disabledAt) };
  }
}
