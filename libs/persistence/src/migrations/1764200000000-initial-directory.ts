import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const id = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string, isNullable = false) => ({ name, type: 'varchar', length: '36', isNullable });
const text = (name: string, length: number, extra: { isUnique?: boolean; isNullable?: boolean } = {}) => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});
const timestamp = (name: string) => text(name, 32);
const version = { name: 'version', type: 'integer', default: 1 };

/** Departments, people, accounts with their teams, metrics and metric values. */
export class InitialDirectory1764200000000 implements MigrationInterface {
  name = 'InitialDirectory1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'departments',
        columns: [
          id,
          text('code', 64, { isUnique: true }),
          text('name_zh', 200),
          text('name_en', 200),
          timestamp('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'people',
        columns: [
          id,
          text('employee_no', 64, { isUnique: true }),
          text('name', 200),
          text('email', 320, { isUnique: true }),
          text('function', 32),
          text('title', 200),
          ref('department_id'),
          ref('manager_id', true),
          timestamp('created_at'),
          timestamp('updated_at'),
          version,
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['department_id'],
            referencedTableName: 'departments',
            referencedColumnNames: ['id'],
          }),
          new TableForeignKey({
            columnNames: ['manager_id'],
            referencedTableName: 'people',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'accounts',
        columns: [
          id,
          text('code', 64, { isUnique: true }),
          text('name', 200),
          text('name_en', 200),
          text('account_type', 32),
          text('industry', 64),
          text('region', 64),
          ref('manager_id'),
          timestamp('since'),
          timestamp('created_at'),
          timestamp('updated_at'),
          version,
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['manager_id'],
            referencedTableName: 'people',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'account_members',
        columns: [
          { ...ref('account_id'), isPrimary: true },
          { ...ref('person_id'), isPrimary: true },
          text('function', 32),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['account_id'],
            referencedTableName: 'accounts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['person_id'],
            referencedTableName: 'people',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'metrics',
        columns: [
          { ...text('key', 64), isPrimary: true },
          text('name_zh', 200),
          text('name_en', 200),
          text('unit', 32),
          text('rollup', 16),
          timestamp('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'metric_values',
        columns: [
          id,
          ref('account_id'),
          text('metric_key', 64),
          text('period', 16),
          text('period_kind', 8),
          { name: 'value', type: 'double precision', isNullable: true },
          text('state', 16),
          text('source', 16),
          text('source_record_id', 200, { isNullable: true }),
          timestamp('recorded_at'),
          version,
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['account_id'],
            referencedTableName: 'accounts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['metric_key'],
            referencedTableName: 'metrics',
            referencedColumnNames: ['key'],
          }),
        ],
        indices: [
          new TableIndex({
            name: 'uq_metric_values_natural',
            columnNames: ['account_id', 'metric_key', 'period', 'source'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'metric_values',
      'metrics',
      'account_members',
      'accounts',
      'people',
      'departments',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
