import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, timestampColumn, varchar } from './migration-columns';

const id = idColumn;
const at = timestampColumn;

/** Users, sessions, API keys and the hash-chained audit log. */
export class Security1764300000000 implements MigrationInterface {
  name = 'Security1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          varchar('email', 320, { isUnique: true }),
          varchar('display_name', 200),
          varchar('role', 32),
          varchar('password_hash', 100),
          varchar('person_id', 36, { isNullable: true }),
          at('disabled_at', true),
          at('created_at'),
          at('updated_at'),
          { name: 'version', type: 'integer', default: 1 },
        ],
        foreignKeys: [
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
        name: 'sessions',
        columns: [
          id,
          varchar('token_hash', 64),
          varchar('user_id', 36),
          at('expires_at'),
          at('revoked_at', true),
          at('created_at'),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [
          new TableIndex({ name: 'uq_sessions_token_hash', columnNames: ['token_hash'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          id,
          varchar('name', 200),
          varchar('prefix', 16),
          varchar('secret_hash', 64),
          { name: 'scopes', type: 'text' },
          varchar('created_by', 36),
          at('created_at'),
          at('last_used_at', true),
          at('revoked_at', true),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['created_by'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
          }),
        ],
        indices: [
          new TableIndex({ name: 'uq_api_keys_secret_hash', columnNames: ['secret_hash'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          at('at'),
          varchar('actor_type', 16),
          varchar('actor_id', 64, { isNullable: true }),
          varchar('action', 64),
          varchar('entity_type', 64),
          varchar('entity_id', 200),
          { name: 'before', type: 'text', isNullable: true },
          { name: 'after', type: 'text', isNullable: true },
          varchar('prev_hash', 64),
          varchar('hash', 64),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'api_keys', 'sessions', 'users']) await queryRunner.dropTable(table);
  }
}
