import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { accountForeignKey, idColumn, timestampColumn, varchar } from './migration-columns';

/** Adjustments for external factors, with their approval. */
export class Adjustments1764800000000 implements MigrationInterface {
  name = 'Adjustments1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'adjustments',
        columns: [
          idColumn,
          varchar('account_id', 36),
          varchar('period', 16),
          varchar('kind', 16),
          varchar('kpi', 64),
          { name: 'index_value', type: 'double precision', isNullable: true },
          { name: 'target', type: 'double precision', isNullable: true },
          { name: 'reason', type: 'text' },
          varchar('status', 16),
          varchar('requested_by', 36),
          varchar('decided_by', 36, { isNullable: true }),
          timestampColumn('created_at'),
          timestampColumn('decided_at', true),
          { name: 'version', type: 'integer', default: 1 },
        ],
        foreignKeys: [accountForeignKey()],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('adjustments');
  }
}
