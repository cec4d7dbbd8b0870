import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@keyscore/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { FALLBACK_AUTOCHECKPOINT_PAGES } from './sqlite-checkpointer';

interface SqliteHandle {
  pragma(source: string): unknown;
}

/** The SQLite database file of a configuration; null for PostgreSQL and for an in-memory database. */
export function sqliteFile(database: DatabaseConfig): string | null {
  return database.type === 'sqlite' && database.path !== ':memory:' ? resolve(database.path) : null;
}

/**
 * TypeORM options for the configured database. SQLite gets WAL (readers never block the writer), a busy
 * timeout (several connections of api and worker wait instead of failing) and foreign keys.
 * `synchronize` stays off: the schema comes from the checked-in migrations only.
 */
export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  };
  if (database.type === 'postgres') {
    return { ...common, type: 'postgres', url: database.url, extra: { max: 10 } };
  }
  const file = sqliteFile(database);
  if (file) mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file ?? ':memory:',
    prepareDatabase: (db: SqliteHandle) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      // Checkpoints are the SqliteCheckpointer thread's job; the connection's own is only a safety net.
      db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    },
  };
}
