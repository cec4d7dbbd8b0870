import type { DataSource } from 'typeorm';

/** Advisory lock keys; any constants work as long as every Keyscore process uses the same. */
export enum AdvisoryLock {
  Migrations = 727_417_001,
  WorkspaceBootstrap = 727_417_002,
  AuditChain = 727_417_003,
}

/**
 * Runs `work` while holding a PostgreSQL advisory lock, so api and worker processes that start together
 * take turns. SQLite serialises writers by itself, so there it just runs.
 */
export async function withAdvisoryLock<T>(
  dataSource: DataSource,
  key: AdvisoryLock,
  work: () => Promise<T>,
): Promise<T> {
  if (dataSource.options.type !== 'postgres') return work();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [key]);
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await runner.release();
  }
}

/** Applies pending migrations, one process at a time; returns their names. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  return withAdvisoryLock(dataSource, AdvisoryLock.Migrations, async () =>
    (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name),
  );
}
