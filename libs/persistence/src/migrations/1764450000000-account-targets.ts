import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { accountForeignKey } from './migration-columns';

/** Per-account KPI targets by period. */
export class AccountTargets1764450000000 implements MigrationInterface {
  name = 'AccountTargets1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'account_targets',
        columns: [
          { name: 'account_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kpi_key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'period', type: 'varchar', length: '16', isPrimary: true },
          { name: 'target', type: 'double precision' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
        foreignKeys: [accountForeignKey()],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('account_targets');
  }
}
