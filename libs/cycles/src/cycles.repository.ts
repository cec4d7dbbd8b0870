import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  AccountEntity,
  bulkInsert,
  CycleScoreEntity,
  ReviewCycleEntity,
  ScorecardDefinitionsEntity,
  storedScorecard,
  WorkflowInstanceEntity,
  WorkflowTaskEntity,
  type AccountType,
} from '@keyscore/persistence';

export interface CycleScope {
  accountTypes?: AccountType[];
  departmentIds?: string[];
  accountIds?: string[];
}

/** Every query on review cycles, their progress and their scores. */
@Injectable()
export class CyclesRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(manager: EntityManager, cycle: ReviewCycleEntity) {
    return manager.insert(ReviewCycleEntity, cycle);
  }

  find(id: string) {
    return this.dataSource.getRepository(ReviewCycleEntity).findOneBy({ id });
  }

  list() {
    return this.dataSource.getRepository(ReviewCycleEntity).find({ order: { createdAt: 'DESC' }, take: 200 });
  }

  /** Conditional on the status and version read: a cycle is launched or closed once. */
  async update(
    manager: EntityManager,
    cycle: ReviewCycleEntity,
    changes: Partial<ReviewCycleEntity>,
  ): Promise<boolean> {
    const result = await manager.update(
      ReviewCycleEntity,
      { id: cycle.id, version: cycle.version, status: cycle.status },
      { ...changes, version: cycle.version + 1 },
    );
    return (result.affected ?? 0) === 1;
  }

  /** The accounts a scope covers, with their manager's department. */
  accountsInScope(scope: CycleScope): Promise<(AccountEntity & { departmentId: string })[]> {
    const query = this.dataSource
      .getRepository(AccountEntity)
      .createQueryBuilder('a')
      .innerJoin('people', 'p', 'p.id = a.manager_id')
      .addSelect('p.department_id', 'department_id');
    if (scope.accountTypes?.length)
      query.andWhere('a.account_type IN (:...types)', { types: scope.accountTypes });
    if (scope.departmentIds?.length)
      query.andWhere('p.department_id IN (:...departments)', { departments: scope.departmentIds });
    if (scope.accountIds?.length) query.andWhere('a.id IN (:...ids)', { ids: scope.accountIds });
    return query
      .orderBy('a.code', 'ASC')
      .getRawAndEntities()
      .then(({ entities, raw }: { entities: AccountEntity[]; raw: { department_id: string }[] }) =>
        entities.map((account, i) => ({ ...account, departmentId: raw[i]!.department_id })),
      );
  }

  accountsByIds(ids: string[]) {
    return ids.length
      ? this.dataSource.getRepository(AccountEntity).findBy({ id: In(ids) })
      : Promise.resolve([]);
  }

  /** Instances in multi-row statements, so a launch of 10,000 is a handful of them (disputes add one). */
  insertInstances(manager: EntityManager, rows: WorkflowInstanceEntity[]) {
    return bulkInsert(
      manager,
      'workflow_instances',
      [
        'id',
        'cycle_id',
        'workflow_key',
        'workflow_version',
        'subject_type',
        'subject_id',
        'manager_person_id',
        'period',
        'state',
        'status',
        'stage',
        'created_at',
        'updated_at',
        'ended_at',
        'version',
      ],
      rows.map((r) => [
        r.id,
        r.cycleId,
        r.workflowKey,
        r.workflowVersion,
        r.subjectType,
        r.subjectId,
        r.managerPersonId,
        r.period,
        r.state,
        r.status,
        r.stage,
        r.createdAt,
        r.updatedAt,
        r.endedAt,
        r.version,
      ]),
    );
  }

  instanceIds(cycleId: string) {
    return this.dataSource
      .getRepository(WorkflowInstanceEntity)
      .find({ select: { id: true }, where: { cycleId }, order: { id: 'ASC' } });
  }

  openInstanceIds(cycleId: string) {
    return this.dataSource
      .getRepository(WorkflowInstanceEntity)
      .find({ select: { id: true }, where: { cycleId, status: In(['created', 'running']) } });
  }

  /** Instance counts per status and, for running ones, per stage. */
  async progress(cycleId: string) {
    const rows: { status: string; stage: string; n: string | number }[] = await this.dataSource
      .getRepository(WorkflowInstanceEntity)
      .createQueryBuilder('i')
      .select('i.status', 'status')
      .addSelect('i.stage', 'stage')
      .addSelect('COUNT(*)', 'n')
      .where('i.cycle_id = :cycleId', { cycleId })
      .groupBy('i.status')
      .addGroupBy('i.stage')
      .getRawMany();
    return rows.map((r) => ({ status: r.status, stage: r.stage, count: Number(r.n) }));
  }

  /** Open tasks of a cycle past their due date. */
  overdueTasks(cycleId: string, now: string) {
    return this.dataSource
      .getRepository(WorkflowTaskEntity)
      .createQueryBuilder('t')
      .innerJoin(WorkflowInstanceEntity, 'i', 'i.id = t.instance_id')
      .where('i.cycle_id = :cycleId', { cycleId })
      .andWhere("t.status = 'open'")
      .andWhere('t.due_at IS NOT NULL AND t.due_at < :now', { now })
      .orderBy('t.due_at', 'ASC')
      .limit(100)
      .getMany();
  }

  upsertScores(manager: EntityManager, rows: CycleScoreEntity[]) {
    if (!rows.length) return Promise.resolve();
    return bulkInsert(
      manager,
      'cycle_scores',
      [
        'id',
        'cycle_id',
        'instance_id',
        'account_id',
        'period',
        'score',
        'rating',
        'coverage',
        'scorecard',
        'definitions',
        'computed_at',
        'locked_at',
        'version',
      ],
      rows.map((r) => [
        r.id,
        r.cycleId,
        r.instanceId,
        r.accountId,
        r.period,
        r.score,
        r.rating,
        r.coverage,
        r.scorecard,
        r.definitions,
        r.computedAt,
        r.lockedAt,
        r.version,
      ]),
      {
        onConflict: {
          columns: ['cycle_id', 'account_id'],
          update: ['instance_id', 'score', 'rating', 'coverage', 'scorecard', 'definitions', 'computed_at'],
        },
      },
    );
  }

  /** KPI definition sets of stored scorecards; a set already stored is left as it is (same hash, same content). */
  storeDefinitions(manager: EntityManager, sets: readonly { hash: string; content: string }[]) {
    if (!sets.length) return Promise.resolve();
    const now = new Date().toISOString();
    return bulkInsert(
      manager,
      'scorecard_definitions',
      ['hash', 'content', 'created_at'],
      sets.map((d) => [d.hash, d.content, now]),
      { onConflict: { columns: ['hash'], update: [] } },
    );
  }

  /**
   * Which of these definition sets are stored (committed). None on SQLite: its one connection may be
   * inside another batch's transaction, whose uncommitted set would look stored and could roll back.
   */
  async storedDefinitions(hashes: readonly string[]): Promise<string[]> {
    if (this.dataSource.options.type !== 'postgres') return [];
    const rows = await this.dataSource
      .getRepository(ScorecardDefinitionsEntity)
      .find({ select: { hash: true }, where: { hash: In(hashes) } });
    return rows.map((r) => r.hash);
  }

  /**
   * Stored scores as the scoring engine returned them, KPI definitions put back from their sets; in the
   * order given.
   */
  async scorecardsOf(rows: readonly CycleScoreEntity[]): Promise<unknown[]> {
    const hashes = [...new Set(rows.flatMap((r) => (r.definitions ? [r.definitions] : [])))];
    const sets = hashes.length
      ? await this.dataSource.getRepository(ScorecardDefinitionsEntity).findBy({ hash: In(hashes) })
      : [];
    const content = new Map(sets.map((d) => [d.hash, d.content]));
    return rows.map((r) =>
      storedScorecard(r.scorecard, r.definitions, r.definitions ? content.get(r.definitions) : null),
    );
  }

  scores(cycleId: string) {
    return this.dataSource
      .getRepository(CycleScoreEntity)
      .find({ where: { cycleId }, order: { accountId: 'ASC' } });
  }

  scoresOfAccounts(cycleId: string, accountIds: string[]) {
    if (!accountIds.length) return Promise.resolve([]);
    return this.dataSource
      .getRepository(CycleScoreEntity)
      .find({ where: { cycleId, accountId: In(accountIds) }, order: { accountId: 'ASC' } });
  }

  scoreOfAccount(cycleId: string, accountId: string) {
    return this.dataSource.getRepository(CycleScoreEntity).findOneBy({ cycleId, accountId });
  }

  lockScores(manager: EntityManager, cycleId: string, at: string) {
    return manager.update(CycleScoreEntity, { cycleId }, { lockedAt: at });
  }
}
