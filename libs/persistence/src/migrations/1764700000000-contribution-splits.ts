import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { accountForeignKey, timestampColumn, varchar } from './migration-columns';

/** Contribution splits per account and period. */
export class ContributionSplits1764700000000 implements MigrationInterface {
  name = 'ContributionSplits1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'contribution_splits',
        columns: [
          varchar('account_id', 36, { isPrimary: true }),
          varchar('period', 16, { isPrimary: true }),
          varchar('mode', 16),
          { name: 'overlay_cap', type: 'double precision', isNullable: true },
          { name: 'shares', type: 'text' },
          timestampColumn('updated_at'),
          { name: 'version', type: 'integer', default: 1 },
        ],
        foreignKeys: [accountForeignKey()],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('contribution_splits');
  }
}
