import { Column, Entity, ForeignKey } from 'typeorm';
import { PersonEntity } from './person.entity';
import { IdColumn, RefColumn, TimestampColumn, VersionColumn } from './columns';

/** The account types that ship with a built-in scorecard template. */
export const ACCOUNT_TYPES = ['multinational', 'local_enterprise'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

@Entity('accounts')
export class AccountEntity {
  @IdColumn() id!: string;
  @Column({ type: 'varchar', length: 64, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'name_en', type: 'varchar', length: 200 }) nameEn!: string;
  @Column({ name: 'account_type', type: 'varchar', length: 32 }) accountType!: AccountType;
  @Column({ type: 'varchar', length: 64 }) industry!: string;
  @Column({ type: 'varchar', length: 64 }) region!: string;
  @RefColumn({ name: 'manager_id' })
  @ForeignKey(() => PersonEntity)
  managerId!: string;

  @TimestampColumn({ name: 'since' }) since!: string;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'updated_at' }) updatedAt!: string;
  @VersionColumn() version!: number;
}
