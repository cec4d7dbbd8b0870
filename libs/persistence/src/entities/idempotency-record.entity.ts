import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/**
 * A request made with an Idempotency-Key: the same caller sending the same key again gets the stored
 * answer instead of a second write. `requestHash` catches a key reused for a different request.
 */
@Entity('idempotency_records')
export class IdempotencyRecordEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) scope!: string;
  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 200 }) idempotencyKey!: string;
  @Column({ name: 'request_hash', type: 'varchar', length: 64 }) requestHash!: string;
  @Column({ name: 'status_code', type: 'integer' }) statusCode!: number;
  @Column({ type: 'text' }) response!: string;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
}
