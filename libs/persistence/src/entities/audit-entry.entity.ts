import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/**
 * One change, append-only. `hash` = SHA-256 over the previous entry's hash and this entry's content, so
 * editing or deleting a row breaks the chain from there on.
 */
@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @TimestampColumn() at!: string;
  @Column({ name: 'actor_type', type: 'varchar', length: 16 }) actorType!:
    'user' | 'api_key' | 'webhook' | 'connector' | 'system';
  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 64 }) action!: string;
  @Column({ name: 'entity_type', type: 'varchar', length: 64 }) entityType!: string;
  @Column({ name: 'entity_id', type: 'varchar', length: 200 }) entityId!: string;
  @Column({ type: 'text', nullable: true }) before!: string | null;
  @Column({ type: 'text', nullable: true }) after!: string | null;
  @Column({ name: 'prev_hash', type: 'varchar', length: 64 }) prevHash!: string;
  @Column({ type: 'varchar', length: 64 }) hash!: string;
}
