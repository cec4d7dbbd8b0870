import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { JobQueueService } from '@keyscore/queue';

export const SURVEY_RATE_WINDOW_SECONDS = 60;

/**
 * Requests to the public survey endpoints, counted per client address and per token (its hash) in Redis so
 * every api process shares the counts. Both counters move in one MULTI; over either limit the request is
 * refused until that window ends.
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
    const ipKey = `${prefix}:ip:${ip}`;
    const tokenKey = `${prefix}:token:${tokenHash}`;
    const window = SURVEY_RATE_WINDOW_SECONDS;
    // SET … NX EX opens a window on the first request (Redis 6.2 has no EXPIRE … NX).
    const results = (await this.queues
      .redis()
      .multi()
      .set(ipKey, 0, 'EX', window, 'NX')
      .incr(ipKey)
      .ttl(ipKey)
      .set(tokenKey, 0, 'EX', window, 'NX')
      .incr(tokenKey)
      .ttl(tokenKey)
      .exec()) as [unknown, unknown][];
    const value = (i: number) => Number(results[i]?.[1] ?? 0);
    const { perIpPerMinute, perTokenPerMinute } = this.config.surveyRateLimit;
    // A key left without expiry (TTL -1) still lets the caller retry after one window.
    const wait = (count: number, ttl: number, limit: number) =>
      count > limit ? (ttl > 0 ? ttl : window) : 0;
    return Math.max(wait(value(1), value(2), perIpPerMinute), wait(value(4), value(5), perTokenPerMinute));
  }
}
