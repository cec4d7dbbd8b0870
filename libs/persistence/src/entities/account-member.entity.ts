import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PersonFunction } from './person.entity';

/** Who works on an account, in which function: the basis of the contribution split. */
@Entity('account_members')
export class AccountMemberEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 }) accountId!: string;
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 }) personId!: string;
  @Column({ name: 'function', type: 'varchar', length: 32 }) function!: PersonFunction;
}
