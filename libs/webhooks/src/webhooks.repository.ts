import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from '@keyscore/persistence';

/** Every query on webhook endpoints and their claimed deliveries. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  findEndpointByKey(key: string) {
    return this.dataSource.getRepository(WebhookEndpointEntity).findOneBy({ key });
  }

  listEndpoints() {
    return this.dataSource.getRepository(WebhookEndpointEntity).find({ order: { key: 'ASC' } });
  }

  insertEndpoint(manager: EntityManager, endpoint: WebhookEndpointEntity) {
    return manager.insert(WebhookEndpointEntity, endpoint);
  }

  /** Changes the secrets only if nobody else did since `version` was read; true when it did. */
  async updateSecrets(
    manager: EntityManager,
    id: string,
    version: number,
    change: Pick<
      WebhookEndpointEntity,
      'secret' | 'previousSecret' | 'previousSecretExpiresAt' | 'rotatedAt'
    >,
  ): Promise<boolean> {
    const result = await manager.update(
      WebhookEndpointEntity,
      { id, version },
      { ...change, version: version + 1 },
    );
    return result.affected === 1;
  }

  insertDelivery(manager: EntityManager, delivery: WebhookDeliveryEntity) {
    return manager.insert(WebhookDeliveryEntity, delivery);
  }

  /** The claim that holds this delivery id or this signature for the endpoint, if any. */
  findDelivery(endpointId: string, deliveryId: string, signature: string) {
    return this.dataSource.getRepository(WebhookDeliveryEntity).findOne({
      where: [
        { endpointId, deliveryId },
        { endpointId, signature },
      ],
    });
  }

  /** Takes over a claim left `processing` since `claimedAt` (its request died); true when this call won. */
  async retakeDelivery(manager: EntityManager, id: string, claimedAt: string, now: string): Promise<boolean> {
    const result = await manager.update(
      WebhookDeliveryEntity,
      { id, state: 'processing', claimedAt },
      { claimedAt: now },
    );
    return result.affected === 1;
  }

  completeDelivery(manager: EntityManager, id: string, written: number, now: string) {
    return manager.update(WebhookDeliveryEntity, { id }, { state: 'done', written, completedAt: now });
  }

  releaseDelivery(manager: EntityManager, id: string) {
    return manager.delete(WebhookDeliveryEntity, { id, state: 'processing' });
  }
}
