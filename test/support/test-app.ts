import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import IORedis from 'ioredis';
import { loadConfig, type AppConfig } from '@keyscore/config';
import type { RuntimeOptions } from '@keyscore/runtime';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { freshDatabase, type TestDatabase } from './test-database';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A configuration of one test file: its own database and its own queue prefix. */
export function testConfig(database: TestDatabase, overrides: Record<string, string> = {}): AppConfig {
  const config = loadConfig({
    NODE_ENV: 'test',
    REDIS_URL,
    QUEUE_PREFIX: `ks-test-${randomBytes(5).toString('hex')}`,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
  config.database = database.config;
  return config;
}

/** Deletes every Redis key under a queue prefix. */
export async function clearQueuePrefix(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  close(): Promise<void>;
}

/** The api (optionally with workers) on a fresh database and queue prefix; close() removes both. */
export async function startTestApp(
  options: Partial<RuntimeOptions> & { env?: Record<string, string> } = {},
): Promise<TestApp> {
  const database = await freshDatabase();
  const config = testConfig(database, options.env);
  const app = await createApiApp(config, { worker: options.worker ?? false, jobs: options.jobs });
  return {
    app,
    config,
    close: async () => {
      await app.close();
      await clearQueuePrefix(config.queuePrefix);
      await database.drop();
    },
  };
}

/** Polls until `check` holds (jobs run asynchronously), failing after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
