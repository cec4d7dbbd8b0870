import { TableForeignKey, type TableColumnOptions } from 'typeorm';

/**
 * Column shapes shared by migrations, matching the entity helpers in entities/columns.ts: varchar ids,
 * ISO-8601 timestamps as varchar(32). A migration that has landed keeps its own copy (it never changes).
 */
export const varchar = (
  name: string,
  length: number,
  extra: { isUnique?: boolean; isNullable?: boolean; isPrimary?: boolean } = {},
): TableColumnOptions => ({ name, type: 'varchar', length: String(length), ...extra });

export const idColumn = varchar('id', 36, { isPrimary: true });

export const timestampColumn = (name: string, isNullable = false) => varchar(name, 32, { isNullable });

/** `account_id` → accounts(id), deleted with the account. */
export const accountForeignKey = () =>
  new TableForeignKey({
    columnNames: ['account_id'],
    referencedTableName: 'accounts',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });
