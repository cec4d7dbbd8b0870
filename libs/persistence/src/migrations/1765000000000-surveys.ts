import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { accountForeignKey, idColumn, timestampColumn, varchar } from './migration-columns';

const references = (column: string, table: string, onDelete?: 'CASCADE') =>
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    ...(onDelete ? { onDelete } : {}),
  });

/**
 * Customer surveys and form submissions: account contacts, campaigns, personal links (token hashes only),
 * final responses; signed-in users' form submissions and drafts.
 */
export class Surveys1765000000000 implements MigrationInterface {
  name = 'Surveys1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const version = { name: 'version', type: 'integer', default: 1 };
    await queryRunner.createTable(
      new Table({
        name: 'account_contacts',
        columns: [
          idColumn,
          varchar('account_id', 36),
          varchar('name', 200),
          varchar('email', 320, { isNullable: true }),
          varchar('phone', 50, { isNullable: true }),
          varchar('title', 200, { isNullable: true }),
          varchar('locale', 8),
          timestampColumn('created_at'),
          version,
        ],
        foreignKeys: [accountForeignKey()],
        indices: [
          new TableIndex({
            name: 'uq_account_contacts_email',
            columnNames: ['account_id', 'email'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'survey_campaigns',
        columns: [
          idColumn,
          { name: 'name', type: 'text' },
          varchar('form_key', 64),
          { name: 'form_version', type: 'integer' },
          varchar('period', 16),
          { name: 'account_ids', type: 'text' },
          { name: 'min_responses', type: 'integer' },
          timestampColumn('closes_at'),
          varchar('status', 16),
          varchar('created_by', 64, { isNullable: true }),
          timestampColumn('created_at'),
          timestampColumn('launched_at', true),
          timestampColumn('closed_at', true),
          version,
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'survey_links',
        columns: [
          idColumn,
          varchar('campaign_id', 36),
          varchar('account_id', 36),
          varchar('contact_id', 36),
          varchar('token_hash', 64),
          varchar('status', 16),
          varchar('locale', 8),
          { name: 'draft', type: 'text', isNullable: true },
          timestampColumn('expires_at'),
          timestampColumn('opened_at', true),
          timestampColumn('submitted_at', true),
          timestampColumn('created_at'),
          version,
        ],
        foreignKeys: [
          references('campaign_id', 'survey_campaigns'),
          accountForeignKey(),
          references('contact_id', 'account_contacts', 'CASCADE'),
        ],
        indices: [
          new TableIndex({ name: 'uq_survey_links_token', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_survey_links_campaign', columnNames: ['campaign_id', 'account_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'survey_responses',
        columns: [
          idColumn,
          varchar('campaign_id', 36),
          varchar('account_id', 36),
          varchar('link_id', 36),
          { name: 'data', type: 'text' },
          timestampColumn('submitted_at'),
        ],
        foreignKeys: [
          references('campaign_id', 'survey_campaigns'),
          accountForeignKey(),
          references('link_id', 'survey_links', 'CASCADE'),
        ],
        indices: [
          new TableIndex({ name: 'uq_survey_responses_link', columnNames: ['link_id'], isUnique: true }),
          new TableIndex({
            name: 'ix_survey_responses_campaign',
            columnNames: ['campaign_id', 'account_id'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'form_submissions',
        columns: [
          idColumn,
          varchar('form_key', 64),
          { name: 'form_version', type: 'integer' },
          varchar('user_id', 36),
          { name: 'data', type: 'text' },
          timestampColumn('submitted_at'),
        ],
        foreignKeys: [references('user_id', 'users')],
        indices: [
          new TableIndex({ name: 'ix_form_submissions_form', columnNames: ['form_key', 'form_version'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'form_drafts',
        columns: [
          idColumn,
          varchar('user_id', 36),
          varchar('form_key', 64),
          { name: 'form_version', type: 'integer' },
          { name: 'data', type: 'text' },
          timestampColumn('updated_at'),
          version,
        ],
        foreignKeys: [references('user_id', 'users', 'CASCADE')],
        indices: [
          new TableIndex({
            name: 'uq_form_drafts_user_form',
            columnNames: ['user_id', 'form_key', 'form_version'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'form_drafts',
      'form_submissions',
      'survey_responses',
      'survey_links',
      'survey_campaigns',
      'account_contacts',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
