import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { accountForeignKey, timestampColumn, varchar } from './migration-columns';

/**
 * Scorecard templates in use: the template versions a review cycle pins per account type, and per-account
 * overrides by period.
 */
export class ScorecardTemplates1765200000000 implements MigrationInterface {
  name = 'ScorecardTemplates1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A plain ADD COLUMN on both drivers: TypeORM's addColumn rebuilds the table on SQLite, which would
    // drop and re-create a table other rows point at. Existing cycles keep null: built-in templates.
    await queryRunner.query('ALTER TABLE review_cycles ADD COLUMN templates text NULL');
    await queryRunner.createTable(
      new Table({
        name: 'account_scorecard_overrides',
        columns: [
          varchar('account_id', 36, { isPrimary: true }),
          varchar('period', 16, { isPrimary: true }),
          { name: 'content', type: 'text' },
          varchar('updated_by', 64, { isNullable: true }),
          timestampColumn('updated_at'),
        ],
        foreignKeys: [accountForeignKey()],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('account_scorecard_overrides');
    await queryRunner.dropColumn('review_cycles', 'templates');
  }
}
