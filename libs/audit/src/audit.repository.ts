import { Injectable } from '@nestjs/common';
import { And, DataSource, LessThan, MoreThan, type EntityManager, type FindOperator } from 'typeorm';
import { AdvisoryLock, AuditEntryEntity, bulkInsert } from '@keyscore/persistence';

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  afterSeq?: number;
  beforeSeq?: number;
  /** asc (default): oldest first; desc: newest first. */
  order?: 'asc' | 'desc';
  limit: number;
}

/** Every query on the audit log. Appends go through the caller's transaction. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The chain's head, read inside the appending transaction after taking the chain lock. */
  async lockAndReadHead(manager: EntityManager): Promise<{ seq: number; hash: string } | null> {
    if (manager.connection.options.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.AuditChain]);
    }
    const [head] = await manager.find(AuditEntryEntity, {
      select: { seq: true, hash: true },
      order: { seq: 'DESC' },
      take: 1,
    });
    return head ?? null;
  }

  insert(manager: EntityManager, entries: AuditEntryEntity[]) {
    return bulkInsert(
      manager,
      'audit_log',
      [
        'seq',
        'at',
        'actor_type',
        'actor_id',
        'action',
        'entity_type',
        'entity_id',
        'before',
        'after',
        'prev_hash',
        'hash',
      ],
      entries.map((e) => [
        e.seq,
        e.at,
        e.actorType,
        e.actorId,
        e.action,
        e.entityType,
        e.entityId,
        e.before,
        e.after,
        e.prevHash,
        e.hash,
      ]),
    );
  }

  list(query: AuditQuery) {
    const bounds: FindOperator<number>[] = [];
    if (query.afterSeq) bounds.push(MoreThan(query.afterSeq));
    if (query.beforeSeq) bounds.push(LessThan(query.beforeSeq));
    return this.dataSource.getRepository(AuditEntryEntity).find({
      where: {
        ...(query.entityType ? { entityType: query.entityType } : {}),
        ...(query.entityId ? { entityId: query.entityId } : {}),
        ...(query.actorId ? { actorId: query.actorId } : {}),
        ...(query.action ? { action: query.action } : {}),
        ...(bounds.length ? { seq: bounds.length === 1 ? bounds[0] : And(...bounds) } : {}),
      },
      order: { seq: query.order === 'desc' ? 'DESC' : 'ASC' },
      take: query.limit,
    });
  }

  page(afterSeq: number, limit: number) {
    return this.dataSource
      .getRepository(AuditEntryEntity)
      .find({ where: { seq: MoreThan(afterSeq) }, order: { seq: 'ASC' }, take: limit });
  }
}
