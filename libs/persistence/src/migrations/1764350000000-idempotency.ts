import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Stored answers of requests made with an Idempotency-Key. */
export class Idempotency1764350000000 implements MigrationInterface {
  name = 'Idempotency1764350000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_records',
        columns: [
          { name: 'scope', type: 'varchar', length: '64', isPrimary: true },
          { name: 'idempotency_key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'status_code', type: 'integer' },
          { name: 'response', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_records');
  }
}
