import { Column, Entity, ForeignKey } from 'typeorm';
import { DepartmentEntity } from './department.entity';
import { IdColumn, RefColumn, TimestampColumn, VersionColumn } from './columns';

/** Functions a person has on an account team (the split of an account's results follows these). */
export const PERSON_FUNCTIONS = ['sales', 'after_sales', 'technical_support'] as const;
export type PersonFunction = (typeof PERSON_FUNCTIONS)[number];

@Entity('people')
export class PersonEntity {
  @IdColumn() id!: string;
  @Column({ name: 'employee_no', type: 'varchar', length: 64, unique: true }) employeeNo!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 320, unique: true }) email!: string;
  @Column({ name: 'function', type: 'varchar', length: 32 }) function!: PersonFunction;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @RefColumn({ name: 'department_id' })
  @ForeignKey(() => DepartmentEntity)
  departmentId!: string;

  @RefColumn({ name: 'manager_id', nullable: true })
  @ForeignKey(() => PersonEntity)
  managerId!: string | null;

  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'updated_at' }) updatedAt!: string;
  @VersionColumn() version!: number;
}
