import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

interface OnConflict {
  columns: readonly string[];
  update: readonly string[];
  /** Update only when the incoming row is not older: `table.column <= excluded.column`. */
  unlessNewer?: string;
}

export interface BulkInsertOptions {
  /** ON CONFLICT (columns) DO UPDATE SET each of `update` to the incoming value (none: DO NOTHING). */
  onConflict?: OnConflict;
  /** Rows per statement; keep rows × columns under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
  chunk?: number;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** ON CONFLICT … DO UPDATE SET the `update` columns (DO NOTHING when there are none). */
function conflictClause(table: string, { columns, update, unlessNewer }: OnConflict): string {
  const target = ` ON CONFLICT (${columns.map(quote).join(', ')})`;
  if (!update.length) return `${target} DO NOTHING`;
  const set = update.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ');
  const newer = unlessNewer
    ? ` WHERE ${quote(table)}.${quote(unlessNewer)} <= excluded.${quote(unlessNewer)}`
    : '';
  return `${target} DO UPDATE SET ${set}${newer}`;
}

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
  const tail = options.onConflict ? conflictClause(table, options.onConflict) : '';
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

/**
 * `manager.insert(Entity, rows)` through `bulkInsert`, for entities whose columns are plain (no generated
 * values, no transformers, literal defaults): the workflow outbox and its neighbours, written with every
 * transition, where TypeORM's insert builder cost more than the statement. The columns come from the
 * entity's metadata; a property left undefined takes its column's default, else null. Nothing is written
 * back into the rows.
 */
export function insertEntities<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  if (!rows.length) return Promise.resolve();
  const metadata = manager.connection.getMetadata(target);
  const columns = metadata.columns;
  for (const column of columns) {
    if (column.isGenerated || column.transformer || typeof column.default === 'function')
      throw new Error(`insertEntities: ${metadata.tableName}.${column.databaseName} is not a plain column`);
  }
  return bulkInsert(
    manager,
    metadata.tableName,
    columns.map((c) => c.databaseName),
    rows.map((row) =>
      columns.map((c) => {
        const value: unknown = c.getEntityValue(row);
        return value === undefined ? (c.default ?? null) : value;
      }),
    ),
  );
}
