import type { EntityManager } from 'typeorm';

export interface BulkInsertOptions {
  /** ON CONFLICT (columns) DO UPDATE SET each of `update` to the incoming value. */
  onConflict?: {
    columns: readonly string[];
    update: readonly string[];
    /** Update only when the incoming row is not older: `table.column <= excluded.column`. */
    unlessNewer?: string;
  };
  /** Rows per statement; keep rows × columns under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
  chunk?: number;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Multi-row INSERT (optionally an upsert) with bound parameters, for the hot write paths. TypeORM's
 * InsertQueryBuilder spends most of a 10,000-row batch managing its parameter map; this builds the one
 * statement directly. Same SQL on SQLite and PostgreSQL; only the placeholders differ.
 */
export async function bulkInsert(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: BulkInsertOptions = {},
): Promise<void> {
  const postgres = manager.connection.options.type === 'postgres';
  const chunk = options.chunk ?? Math.max(1, Math.floor(30_000 / columns.length));
  const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
  const tail = options.onConflict
    ? ` ON CONFLICT (${options.onConflict.columns.map(quote).join(', ')}) DO UPDATE SET ${options.onConflict.update
        .map((c) => `${quote(c)} = excluded.${quote(c)}`)
        .join(', ')}${
        options.onConflict.unlessNewer
          ? ` WHERE ${quote(table)}.${quote(options.onConflict.unlessNewer)} <= excluded.${quote(options.onConflict.unlessNewer)}`
          : ''
      }`
    : '';
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of slice) {
      const marks: string[] = [];
      for (const value of row) {
        params.push(value);
        marks.push(postgres ? `$${params.length}` : '?');
      }
      tuples.push(`(${marks.join(', ')})`);
    }
    await manager.query(head + tuples.join(', ') + tail, params);
  }
}
