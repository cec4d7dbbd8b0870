import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/** How monthly values of a metric roll up into quarters and years. */
export const ROLLUP_RULES = ['sum', 'average', 'last'] as const;
export type RollupRule = (typeof ROLLUP_RULES)[number];

/** A raw measure collected per account and period (revenue, profit, orders…); KPIs are computed from these. */
@Entity('metrics')
export class MetricEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) key!: string;
  @Column({ name: 'name_zh', type: 'varchar', length: 200 }) nameZh!: string;
  @Column({ name: 'name_en', type: 'varchar', length: 200 }) nameEn!: string;
  @Column({ type: 'varchar', length: 32 }) unit!: string;
  @Column({ type: 'varchar', length: 16 }) rollup!: RollupRule;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
}
