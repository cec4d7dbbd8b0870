import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, timestampColumn, varchar } from './migration-columns';

/** Versioned documents: drafts and immutable published versions. */
export class Documents1764600000000 implements MigrationInterface {
  name = 'Documents1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'documents',
        columns: [
          idColumn,
          varchar('kind', 32),
          varchar('key', 64),
          varchar('status', 16),
          { name: 'draft_content', type: 'text', isNullable: true },
          { name: 'published_version', type: 'integer', isNullable: true },
          timestampColumn('created_at'),
          timestampColumn('updated_at'),
          { name: 'version', type: 'integer', default: 1 },
        ],
        indices: [
          new TableIndex({ name: 'uq_documents_kind_key', columnNames: ['kind', 'key'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'document_versions',
        columns: [
          varchar('document_id', 36, { isPrimary: true }),
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'content', type: 'text' },
          varchar('content_hash', 64),
          varchar('published_by', 64, { isNullable: true }),
          timestampColumn('published_at'),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['document_id'],
            referencedTableName: 'documents',
            referencedColumnNames: ['id'],
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('document_versions');
    await queryRunner.dropTable('documents');
  }
}
