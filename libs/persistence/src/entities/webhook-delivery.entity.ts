import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { IdColumn, RefColumn, TimestampColumn } from './columns';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export const WEBHOOK_DELIVERY_STATES = ['processing', 'done'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

/**
 * A claimed inbound delivery. The unique (endpoint, delivery id) and (endpoint, signature) indexes are the
 * dedupe: a second insert of the same delivery — or a replay of the same signed request under another
 * delivery id — fails on the constraint, however many processes receive it at once.
 */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_delivery', ['endpointId', 'deliveryId'], { unique: true })
@Index('uq_webhook_deliveries_signature', ['endpointId', 'signature'], { unique: true })
export class WebhookDeliveryEntity {
  @IdColumn() id!: string;

  @RefColumn({ name: 'endpoint_id' })
  @ForeignKey(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  endpointId!: string;

  @Column({ name: 'delivery_id', type: 'varchar', length: 200 }) deliveryId!: string;
  @Column({ type: 'varchar', length: 64 }) signature!: string;
  @Column({ type: 'varchar', length: 16 }) state!: WebhookDeliveryState;
  @Column({ type: 'integer', nullable: true }) written!: number | null;
  @TimestampColumn({ name: 'claimed_at' }) claimedAt!: string;
  @TimestampColumn({ name: 'completed_at', nullable: true }) completedAt!: string | null;
}
