import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import IORedis from 'ioredis';
import request from 'supertest';
import { AuthService } from '@keyscore/auth';
import type { Role } from '@keyscore/persistence';
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

/** supertest with a bearer token on every request. */
export interface Api {
  get(url: string): request.Test;
  post(url: string): request.Test;
  put(url: string): request.Test;
  patch(url: string): request.Test;
  delete(url: string): request.Test;
}

export function apiAs(app: NestExpressApplication, token?: string): Api {
  const server = app.getHttpServer();
  const call = (method: 'get' | 'post' | 'put' | 'patch' | 'delete') => (url: string) => {
    const test = request(server)[method](url);
    return token ? test.set('Authorization', `Bearer ${token}`) : test;
  };
  return {
    get: call('get'),
    post: call('post'),
    put: call('put'),
    patch: call('patch'),
    delete: call('delete'),
  };
}

export const TEST_PASSWORD = 'test-password-123';
const ADMIN_EMAIL = 'admin@test.example';

/** Creates a user and signs them in; returns their token. */
export async function signInAs(
  app: NestExpressApplication,
  user: { email: string; role: Role; personId?: string },
): Promise<string> {
  const auth = app.get(AuthService);
  await auth.createUser({ displayName: user.email, password: TEST_PASSWORD, ...user });
  return (await auth.login(user.email, TEST_PASSWORD, 'test')).token;
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** Requests as the test admin. */
  api: Api;
  /** Requests without credentials. */
  anonymous: Api;
  close(): Promise<void>;
}

/** The api (optionally with workers) on a fresh database and queue prefix; close() removes both. */
export async function startTestApp(
  options: Partial<RuntimeOptions> & {
    env?: Record<string, string>;
    /** Reuse a database (and queue prefix) across app restarts; close() then leaves both to the caller. */
    database?: TestDatabase;
    queuePrefix?: string;
  } = {},
): Promise<TestApp> {
  const owned = !options.database;
  const database = options.database ?? (await freshDatabase());
  const config = testConfig(database, {
    ...(options.queuePrefix ? { QUEUE_PREFIX: options.queuePrefix } : {}),
    ...options.env,
  });
  const app = await createApiApp(config, { worker: options.worker ?? false, jobs: options.jobs });
  const adminToken = await app
    .get(AuthService)
    .login(ADMIN_EMAIL, TEST_PASSWORD, 'test')
    .then(
      (session) => session.token,
      () => signInAs(app, { email: ADMIN_EMAIL, role: 'admin' }),
    );
  return {
    app,
    config,
    api: apiAs(app, adminToken),
    anonymous: apiAs(app),
    close: async () => {
      await app.close();
      if (!owned) return;
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
