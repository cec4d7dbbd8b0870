import { ConfigError, loadConfig, type AppConfig } from '@keyscore/config';
import {
  assertRedisReachable,
  JobRegistryError,
  RedisUnreachableError,
  startEmbeddedRedis,
} from '@keyscore/queue';

/**
 * Everything that must hold before Nest starts: a valid configuration and a reachable Redis (or a private
 * one when REDIS_EMBEDDED=true). A problem the user can fix ends the process with exit code 1 and a
 * single line saying what and how.
 */
export async function prepareRuntime(env: NodeJS.ProcessEnv = process.env): Promise<AppConfig> {
  try {
    const config = loadConfig(env);
    if (config.redis.embedded) {
      const embedded = await startEmbeddedRedis();
      config.redis.url = embedded.url;
    }
    await assertRedisReachable(config.redis.url);
    return config;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RedisUnreachableError) {
      process.stderr.write(`keyscore: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The last word of a process that failed to boot: a misconfiguration the user can fix is one line; anything
 * else is printed with its stack. Either way the exit code is 1.
 */
export function exitOnBootError(error: unknown): never {
  const fixable =
    error instanceof ConfigError ||
    error instanceof RedisUnreachableError ||
    error instanceof JobRegistryError;
  process.stderr.write(
    `keyscore: ${fixable ? (error as Error).message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
}
