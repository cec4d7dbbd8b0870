import { Column, PrimaryColumn, type ColumnOptions } from 'typeorm';

/**
 * Column helpers shared by every entity, so both drivers get the same portable types:
 * ids are UUID strings generated in code, timestamps are ISO-8601 UTC strings (sortable, exact, and the
 * same on SQLite and PostgreSQL), and `version` backs the conditional updates that guard state changes.
 */
export const IdColumn = () => PrimaryColumn({ type: 'varchar', length: 36 });
export const RefColumn = (options: ColumnOptions = {}) => Column({ type: 'varchar', length: 36, ...options });
export const TimestampColumn = (options: ColumnOptions = {}) =>
  Column({ type: 'varchar', length: 32, ...options });
export const VersionColumn = () => Column({ type: 'integer', default: 1 });

export function nowIso(): string {
  return new Date().toISOString();
}
