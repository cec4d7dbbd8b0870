import { Column, Entity } from 'typeorm';
import { IdColumn, TimestampColumn } from './columns';

@Entity('departments')
export class DepartmentEntity {
  @IdColumn() id!: string;
  @Column({ type: 'varchar', length: 64, unique: true }) code!: string;
  @Column({ name: 'name_zh', type: 'varchar', length: 200 }) nameZh!: string;
  @Column({ name: 'name_en', type: 'varchar', length: 200 }) nameEn!: string;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
}
