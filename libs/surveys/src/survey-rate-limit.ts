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

type RateHitCallback = (error: Error | null | undefined, wait?: number | string) => void;

/** The script as a command of the client and of its pipelines (defined once per client). */
type RedisWithRateHit = Redis & {
  surveyRateHit(
    ipKey: string,
    tokenKey: string,
    window: number,
    ipLimit: number,
    tokenLimit: number,
    callback: RateHitCallback,
  ): unknown;
};

interface PendingHit {
  ipKey: string;
  tokenKey: string;
  callback: RateHitCallback;
}

/**
 * Requests to the public survey endpoints, counted per client address and per token (its hash) in Redis so
 * every api process shares the counts. Over either limit the request is refused until that window ends.
 * The hits of one turn of the event loop go to Redis as one pipeline (one socket write instead of one per
 * request); each hit is still its own atomic script call with its own answer.
 */
@Injectable()
export class SurveyRateLimit {
  private pending: PendingHit[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: JobQueueService,
  ) {}

  /** Counts this request; returns the seconds to wait when it is over a limit, else 0. */
  hit(ip: string, tokenHash: string): Promise<number> {
    const prefix = `${this.config.queuePrefix}:ratelimit:survey`;
    return new Promise<number>((resolve, reject) => {
      const callback: RateHitCallback = (error, wait) => (error ? reject(error) : resolve(Number(wait)));
      const queued = this.pending.push({
        ipKey: `${prefix}:ip:${ip}`,
        tokenKey: `${prefix}:token:${tokenHash}`,
        callback,
      });
      if (queued === 1) setImmediate(() => this.flush());
    });
  }

  /** Sends the hits queued in this turn: alone as one command, several as one pipeline. */
  private flush(): void {
    const hits = this.pending;
    this.pending = [];
    const redis = this.client();
    const { perIpPerMinute, perTokenPerMinute } = this.config.surveyRateLimit;
    const target = hits.length === 1 ? redis : (redis.pipeline() as unknown as RedisWithRateHit);
    for (const { ipKey, tokenKey, callback } of hits)
      target.surveyRateHit(
        ipKey,
        tokenKey,
        SURVEY_RATE_WINDOW_SECONDS,
        perIpPerMinute,
        perTokenPerMinute,
        callback,
      );
    // Each command's callback carries its answer or error; exec only sends them.
    if (target !== redis) void (target as unknown as ReturnType<Redis['pipeline']>).exec().catch(() => {});
  }

  /** The shared client, with the script defined once (ioredis sends it by SHA, loading it when Redis lacks it). */
  private client(): RedisWithRateHit {
    const redis = this.queues.redis() as RedisWithRateHit;
    if (typeof redis.surveyRateHit !== 'function')
      redis.defineCommand('surveyRateHit', { numberOfKeys: 2, lua: SURVEY_RATE_SCRIPT });
    return redis;
  }
}
