import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, timestampColumn, varchar } from './migration-columns';

const id = idColumn;
const at = timestampColumn;

/** Signed inbound webhook endpoints and the deliveries they have claimed (dedupe). */
export class Webhooks1764400000000 implements MigrationInterface {
  name = 'Webhooks1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'webhook_endpoints',
        columns: [
          id,
          varchar('key', 64),
          varchar('name', 200),
          { name: 'metric_keys', type: 'text', isNullable: true },
          varchar('secret', 64),
          varchar('previous_secret', 64, { isNullable: true }),
          at('previous_secret_expires_at', true),
          varchar('created_by', 36),
          at('created_at'),
          at('rotated_at', true),
          { name: 'version', type: 'integer', default: 1 },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['created_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [new TableIndex({ name: 'uq_webhook_endpoints_key', columnNames: ['key'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          id,
          varchar('endpoint_id', 36),
          varchar('delivery_id', 200),
          varchar('signature', 64),
          varchar('state', 16),
          { name: 'written', type: 'integer', isNullable: true },
          at('claimed_at'),
          at('completed_at', true),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['endpoint_id'],
            referencedTableName: 'webhook_endpoints',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({
            name: 'uq_webhook_deliveries_delivery',
            columnNames: ['endpoint_id', 'delivery_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'uq_webhook_deliveries_signature',
            columnNames: ['endpoint_id', 'signature'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['webhook_deliveries', 'webhook_endpoints']) await queryRunner.dropTable(table);
  }
}
