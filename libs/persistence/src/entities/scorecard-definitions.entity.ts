import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/**
 * The constant part of stored scorecards, once: each KPI's definition (name, formula, rule, target rule,
 * weight, …) as it was scored, keyed by the SHA-256 of its JSON. A cycle score names its set in
 * `cycle_scores.definitions` instead of repeating it in every account's scorecard (it was about half of
 * each). Rows are never changed or deleted: the same content always has the same hash.
 */
@Entity('scorecard_definitions')
export class ScorecardDefinitionsEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) hash!: string;
  /** JSON: KPI key → its definition (`KpiScoreDefinition` of @keyscore/scoring). */
  @Column({ type: 'text' }) content!: string;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
}
