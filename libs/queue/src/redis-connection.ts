import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import IORedis, { type Redis, type RedisOptions } from 'ioredis';
import { redactUrl } from '@keyscore/config';

/** Redis could not be reached at boot: the message is the one line the process prints before exiting. */
export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError';
}

/**
 * A client for queues (fail fast: a command errors when Redis is away) or for workers (blocking
 * commands wait forever: BullMQ requires maxRetriesPerRequest null there).
 */
export function createRedis(url: string, role: 'queue' | 'worker', extra: RedisOptions = {}): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableReadyCheck: true,
    connectionName: `keyscore-${role}`,
    ...extra,
  });
}

/** Pings Redis once, without retrying; throws RedisUnreachableError with how to fix it. */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const client = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let socketError: NodeJS.ErrnoException | undefined;
  client.on('error', (error: NodeJS.ErrnoException) => (socketError ??= error)); // reported below, once
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    // The socket's error (ECONNREFUSED, ENOTFOUND…) says more than ioredis' "Connection is closed."
    const cause = socketError ?? (error as NodeJS.ErrnoException);
    const reason = cause.code ?? cause.message;
    throw new RedisUnreachableError(unreachableMessage(url, reason));
  } finally {
    client.disconnect();
  }
}

export function unreachableMessage(url: string, reason: string): string {
  const server = findRedisServer();
  const howTo = server
    ? `start one with "${server} --daemonize yes --port 6379 --save '' --appendonly no", or run "REDIS_EMBEDDED=true npm start" to let Keyscore start a private one`
    : 'install Redis 6.2+ (e.g. apt-get install redis-server) and start it, or set REDIS_URL to a running one';
  return `Cannot reach Redis at ${redactUrl(url)} (${reason}): ${howTo}.`;
}

/** The redis-server binary on PATH, if any. */
export function findRedisServer(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'redis-server');
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}
