import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { PersonEntity } from './person.entity';
import type { PersonFunction } from './person.entity';

/** Who works on an account, in which function: the basis of the contribution split. */
@Entity('account_members')
export class AccountMemberEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  @ForeignKey(() => AccountEntity, { onDelete: 'CASCADE' })
  accountId!: string;

  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  @ForeignKey(() => PersonEntity)
  personId!: string;

  @Column({ name: 'function', type: 'varchar', length: 32 }) function!: PersonFunction;
}
