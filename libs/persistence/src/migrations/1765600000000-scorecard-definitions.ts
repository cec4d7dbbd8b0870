import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { timestampColumn, varchar } from './migration-columns';

/**
 * KPI definitions of stored scorecards, once per set (`scorecard_definitions`), named by each cycle
 * score (`cycle_scores.definitions`) instead of repeated in every account's scorecard: they were about
 * half of each scorecard's JSON, written 10,000 times in a 10,000-account cycle. Scores stored before
 * keep null and their definitions inline.
 */
export class ScorecardDefinitions1765600000000 implements MigrationInterface {
  name = 'ScorecardDefinitions1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'scorecard_definitions',
        columns: [
          varchar('hash', 64, { isPrimary: true }),
          { name: 'content', type: 'text' },
          timestampColumn('created_at'),
        ],
      }),
    );
    // A plain ADD COLUMN on both drivers (TypeORM's addColumn rebuilds the table on SQLite).
    await queryRunner.query('ALTER TABLE cycle_scores ADD COLUMN definitions varchar(64) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // A plain DROP COLUMN: TypeORM's dropColumn rebuilds the table on SQLite, losing its triggers.
    await queryRunner.query('ALTER TABLE cycle_scores DROP COLUMN definitions');
    await queryRunner.dropTable('scorecard_definitions');
  }
}
