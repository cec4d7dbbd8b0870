import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import { AdvisoryLock, AuditEntryEntity } from '@keyscore/persistence';

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  afterSeq?: number;
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
    return manager.insert(AuditEntryEntity, entries);
  }

  list(query: AuditQuery) {
    return this.dataSource.getRepository(AuditEntryEntity).find({
      where: {
        ...(query.entityType ? { entityType: query.entityType } : {}),
        ...(query.entityId ? { entityId: query.entityId } : {}),
        ...(query.actorId ? { actorId: query.actorId } : {}),
        ...(query.afterSeq ? { seq: MoreThan(query.afterSeq) } : {}),
      },
      order: { seq: 'ASC' },
      take: query.limit,
    });
  }

  page(afterSeq: number, limit: number) {
    return this.dataSource
      .getRepository(AuditEntryEntity)
      .find({ where: { seq: MoreThan(afterSeq) }, order: { seq: 'ASC' }, take: limit });
  }
}
