import { ConfigError, loadConfig, type AppConfig } from '@keyscore/config';
import { assertRedisReachable, RedisUnreachableError, startEmbeddedRedis } from '@keyscore/queue';

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
