import { createServer } from 'node:net';
import type { TestDatabase } from './test-database';

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The environment that points a separate Keyscore process at a test database. */
export function databaseEnv(database: TestDatabase): Record<string, string> {
  return database.config.type === 'postgres'
    ? { DATABASE_URL: database.config.url }
    : { SQLITE_PATH: database.config.path };
}
