import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { AccountEntity } from './account.entity';
import { IdColumn, RefColumn, TimestampColumn, VersionColumn } from './columns';

/** Someone at a key account whom surveys are sent to (客户联系人); never a user who signs in. */
@Entity('account_contacts')
@Index('uq_account_contacts_email', ['accountId', 'email'], { unique: true })
export class AccountContactEntity {
  @IdColumn() id!: string;
  @RefColumn({ name: 'account_id' })
  @ForeignKey(() => AccountEntity, { onDelete: 'CASCADE' })
  accountId!: string;

  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 320, nullable: true }) email!: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) phone!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) title!: string | null;
  /** The language the contact's survey page opens in. */
  @Column({ type: 'varchar', length: 8 }) locale!: 'zh-CN' | 'en';
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @VersionColumn() version!: number;
}
