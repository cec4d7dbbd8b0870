import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { JobQueueService } from '@keyscore/queue';

export const SURVEY_RATE_WINDOW_SECONDS = 60;

/**
 * Counts requests on their two keys and answers, per request, the seconds to wait (0 when under both
 * limits). A Lua script runs atomically in Redis, so parallel requests cannot slip past a limit; one round
 * trip for the counters of every request in the call. KEYS: per request its address counter, then its token
 * counter. ARGV: window (s), address limit, token limit.
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
local waits = {}
for i = 1, #KEYS, 2 do
  waits[#waits + 1] = math.max(hit(KEYS[i], ARGV[2]), hit(KEYS[i + 1], ARGV[3]))
end
return waits
`;

/** The script as a command of the client (defined once per client); the first argument is the key count. */
type RedisWithRateHit = Redis & {
  surveyRateHits(keyCount: number, ...keysThenArgs: (string | number)[]): Promise<(number | string)[]>;
};

interface PendingHit {
  ipKey: string;
  tokenKey: string;
  resolve(wait: number): void;
  reject(error: unknown): void;
}

/**
 * Requests to the public survey endpoints, counted per client address and per token (its hash) in Redis so
 * every api process shares the counts. Over either limit the request is refused until that window ends.
 * The requests of one turn of the event loop are counted in one script call (one command to write, run and
 * answer instead of one per request), each with its own answer.
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
      const queued = this.pending.push({
        ipKey: `${prefix}:ip:${ip}`,
        tokenKey: `${prefix}:token:${tokenHash}`,
        resolve,
        reject,
      });
      if (queued === 1) setImmediate(() => this.flush());
    });
  }

  /** Counts the requests queued in this turn in one script call and answers each. */
  private flush(): void {
    const hits = this.pending;
    this.pending = [];
    const { perIpPerMinute, perTokenPerMinute } = this.config.surveyRateLimit;
    const keys = hits.flatMap((h) => [h.ipKey, h.tokenKey]);
    this.client()
      .surveyRateHits(keys.length, ...keys, SURVEY_RATE_WINDOW_SECONDS, perIpPerMinute, perTokenPerMinute)
      .then(
        (waits) => hits.forEach((h, i) => h.resolve(Number(waits[i]))),
        (error: unknown) => hits.forEach((h) => h.reject(error)),
      );
  }

  /** The shared client, with the script defined once (ioredis sends it by SHA, loading it when Redis lacks it). */
  private client(): RedisWithRateHit {
    const redis = this.queues.redis() as RedisWithRateHit;
    if (typeof redis.surveyRateHits !== 'function')
      redis.defineCommand('surveyRateHits', { lua: SURVEY_RATE_SCRIPT });
    return redis;
  }
}
