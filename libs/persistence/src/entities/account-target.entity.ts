import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';
import { AccountEntity } from './account.entity';

/** A per-account target of one KPI for one period (KPIs whose target rule is `per_account`). */
@Entity('account_targets')
// Dashboards read a KPI's targets of some periods from this index alone.
@Index('ix_account_targets_read', ['kpiKey', 'period', 'accountId', 'target'])
export class AccountTargetEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  @ForeignKey(() => AccountEntity, { onDelete: 'CASCADE' })
  accountId!: string;

  @PrimaryColumn({ name: 'kpi_key', type: 'varchar', length: 64 }) kpiKey!: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) period!: string;
  @Column({ type: 'double precision' }) target!: number;
  @TimestampColumn({ name: 'updated_at' }) updatedAt!: string;
}
