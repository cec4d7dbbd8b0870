import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, timestampColumn, varchar } from './migration-columns';

/** Outbound pull connectors and their runs. */
export class Connectors1764500000000 implements MigrationInterface {
  name = 'Connectors1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'connectors',
        columns: [
          idColumn,
          varchar('key', 64),
          varchar('name', 200),
          { name: 'document', type: 'text' },
          { name: 'secrets', type: 'text', isNullable: true },
          varchar('created_by', 36),
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
          { name: 'version', type: 'integer', default: 1 },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['created_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [new TableIndex({ name: 'uq_connectors_key', columnNames: ['key'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'connector_runs',
        columns: [
          idColumn,
          varchar('connector_id', 36),
          varchar('job_id', 200),
          varchar('status', 16),
          { name: 'attempts', type: 'integer', default: 1 },
          timestampColumn('started_at'),
          timestampColumn('finished_at', true),
          { name: 'rows', type: 'integer', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['connector_id'],
            referencedTableName: 'connectors',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({
            name: 'uq_connector_runs_job',
            columnNames: ['connector_id', 'job_id'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['connector_runs', 'connectors']) await queryRunner.dropTable(table);
  }
}
