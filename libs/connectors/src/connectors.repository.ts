import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConnectorEntity, ConnectorRunEntity } from '@keyscore/persistence';

/** Every query on connectors and their runs. */
@Injectable()
export class ConnectorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByKey(key: string) {
    return this.dataSource.getRepository(ConnectorEntity).findOneBy({ key });
  }

  list() {
    return this.dataSource.getRepository(ConnectorEntity).find({ order: { key: 'ASC' } });
  }

  insert(manager: EntityManager, connector: ConnectorEntity) {
    return manager.insert(ConnectorEntity, connector);
  }

  /** Replaces a connector's document (and secrets) only if nobody changed it since `version`; true if done. */
  async update(
    manager: EntityManager,
    id: string,
    version: number,
    change: Pick<ConnectorEntity, 'name' | 'document' | 'secrets' | 'updatedAt'>,
  ): Promise<boolean> {
    const result = await manager.update(
      ConnectorEntity,
      { id, version },
      { ...change, version: version + 1 },
    );
    return result.affected === 1;
  }

  async remove(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(ConnectorRunEntity, { connectorId: id });
    await manager.delete(ConnectorEntity, { id });
  }

  findRun(connectorId: string, jobId: string) {
    return this.dataSource.getRepository(ConnectorRunEntity).findOneBy({ connectorId, jobId });
  }

  insertRun(manager: EntityManager, run: ConnectorRunEntity) {
    return manager.insert(ConnectorRunEntity, run);
  }

  updateRun(manager: EntityManager, id: string, change: Partial<Omit<ConnectorRunEntity, 'id'>>) {
    return manager.update(ConnectorRunEntity, { id }, change);
  }

  listRuns(connectorId: string, limit: number) {
    return this.dataSource
      .getRepository(ConnectorRunEntity)
      .find({ where: { connectorId }, order: { startedAt: 'DESC' }, take: limit });
  }
}
