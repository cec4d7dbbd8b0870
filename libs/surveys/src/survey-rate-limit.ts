import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { JobQueueService } from '@keyscore/queue';

export const SURVEY_RATE_WINDOW_SECONDS = 60;

/**
 * Counts one request on both keys and answers the seconds to wait (0 when under both limits). A Lua script
 * runs atomically in Redis, so parallel requests cannot slip past a limit; one round trip for both counters.
 * KEYS: address counter, token counter. ARGV: window (s), address limit, token limit.
 */
export const SURVEY_RATE_SCRIPT = `
local function hit(key, limit)
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  if n <= tonumber(limit) then return 0 end
  local ttl = redis.call('TTL', key)
  if ttl < 0 then
    redis.call('EXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  return ttl
end
return math.max(hit(KEYS[1], ARGV[2]), hit(KEYS[2], ARGV[3]))
`;

type RedisWithRateHit = Redis & {
  surveyRateHit(
    ipKey: string,
    tokenKey: string,
    window: number,
    ipLimit: number,
    tokenLimit: number,
  ): Promise<number>;
};

/**
 * Requests to the public survey endpoints, counted per client address and per token (its hash) in Redis so
 * every api process shares the counts. Over either limit the request is refused until that window ends.
 */
@Injectable()
export class SurveyRateLimit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: JobQueueService,
  ) {}

  /** Counts this request; returns the seconds to wait when it is over a limit, else 0. */
  async hit(ip: string, tokenHash: string): Promise<number> {
    const prefix = `${this.config.queuePrefix}:ratelimit:survey`;
    const { perIpPerMinute, perTokenPerMinute } = this.config.surveyRateLimit;
    const wait = await this.client().surveyRateHit(
      `${prefix}:ip:${ip}`,
      `${prefix}:token:${tokenHash}`,
      SURVEY_RATE_WINDOW_SECONDS,
      perIpPerMinute,
      perTokenPerMinute,
    );
    return Number(wait);
  }

  /** The shared client, with the script defined once (ioredis sends it by SHA, loading it when Redis lacks it). */
  private client(): RedisWithRateHit {
    const redis = this.queues.redis() as RedisWithRateHit;
    if (typeof redis.surveyRateHit !== 'function')
      redis.defineCommand('surveyRateHit', { numberOfKeys: 2, lua: SURVEY_RATE_SCRIPT });
    return redis;
  }
}
