import { Column, Entity, ForeignKey } from 'typeorm';
import { IdColumn, RefColumn, TimestampColumn, VersionColumn } from './columns';
import { AccountEntity } from './account.entity';

/**
 * An adjustment for an external factor on one account, KPI and quarter: market-index normalisation, a
 * re-baselined target, or an exemption. It counts only once approved by someone other than its requester.
 */
@Entity('adjustments')
export class AdjustmentEntity {
  @IdColumn() id!: string;

  @RefColumn({ name: 'account_id' })
  @ForeignKey(() => AccountEntity, { onDelete: 'CASCADE' })
  accountId!: string;

  @Column({ type: 'varchar', length: 16 }) period!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: 'market_index' | 'rebaseline' | 'exemption';
  @Column({ type: 'varchar', length: 64 }) kpi!: string;
  @Column({ name: 'index_value', type: 'double precision', nullable: true }) indexValue!: number | null;
  @Column({ type: 'double precision', nullable: true }) target!: number | null;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'varchar', length: 16 }) status!: 'proposed' | 'approved' | 'rejected';
  @Column({ name: 'requested_by', type: 'varchar', length: 36 }) requestedBy!: string;
  @Column({ name: 'decided_by', type: 'varchar', length: 36, nullable: true }) decidedBy!: string | null;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'decided_at', nullable: true }) decidedAt!: string | null;
  @VersionColumn() version!: number;
}
