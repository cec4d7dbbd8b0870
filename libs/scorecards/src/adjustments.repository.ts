import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AdjustmentEntity } from '@keyscore/persistence';

/** Every query on adjustments. */
@Injectable()
export class AdjustmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(id: string) {
    return this.dataSource.getRepository(AdjustmentEntity).findOneBy({ id });
  }

  forAccount(accountId: string, period: string) {
    return this.dataSource
      .getRepository(AdjustmentEntity)
      .find({ where: { accountId, period }, order: { createdAt: 'ASC' } });
  }

  insert(manager: EntityManager, adjustment: AdjustmentEntity) {
    return manager.insert(AdjustmentEntity, adjustment);
  }

  /** Conditional on the row still being proposed at the version read: a decision is taken once. */
  async decide(
    manager: EntityManager,
    id: string,
    version: number,
    changes: Partial<AdjustmentEntity>,
  ): Promise<boolean> {
    const result = await manager.update(
      AdjustmentEntity,
      { id, version, status: 'proposed' },
      { ...changes, version: version + 1 },
    );
    return (result.affected ?? 0) === 1;
  }
}
