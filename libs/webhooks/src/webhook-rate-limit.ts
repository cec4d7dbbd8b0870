import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { JobQueueService } from '@keyscore/queue';

export const WEBHOOK_RATE_LIMIT = 600;
export const WEBHOOK_RATE_WINDOW_SECONDS = 60;

/** The Redis counter of one endpoint key in the fixed window holding `now` (ms since the epoch). */
export function webhookRateLimitKey(queuePrefix: string, endpointKey: string, now: number): string {
  const window = Math.floor(now / 1000 / WEBHOOK_RATE_WINDOW_SECONDS);
  return `${queuePrefix}:ratelimit:webhook:${endpointKey}:${window}`;
}

/** Seconds until the fixed window holding `now` ends: the Retry-After of a refused request. */
function secondsLeftInWindow(now: number): number {
  const windowMs = WEBHOOK_RATE_WINDOW_SECONDS * 1000;
  return Math.ceil((windowMs - (now % windowMs)) / 1000);
}

/**
 * Deliveries counted per endpoint key and fixed one-minute window in Redis, so every api process shares the
 * count. INCR and EXPIRE go in one MULTI: a counter can never be left without its expiry.
 */
@Injectable()
export class WebhookRateLimit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: JobQueueService,
  ) {}

  /** Whether `name` is already over the limit in this window (counts nothing). */
  async exceeded(name: string, now = Date.now()): Promise<{ exceeded: boolean; retryAfterSeconds: number }> {
    const count = Number(
      (await this.queues.redis().get(webhookRateLimitKey(this.config.queuePrefix, name, now))) ?? 0,
    );
    return { exceeded: count >= WEBHOOK_RATE_LIMIT, retryAfterSeconds: secondsLeftInWindow(now) };
  }

  /** Counts one delivery; says whether it is within the limit and, if not, when the window ends. */
  async hit(endpointKey: string, now = Date.now()): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    const key = webhookRateLimitKey(this.config.queuePrefix, endpointKey, now);
    const replies = await this.queues
      .redis()
      .multi()
      .incr(key)
      .expire(key, WEBHOOK_RATE_WINDOW_SECONDS * 2)
      .exec();
    const [error, count] = replies?.[0] ?? [new Error('rate limit transaction aborted'), 0];
    if (error) throw error;
    return { allowed: Number(count) <= WEBHOOK_RATE_LIMIT, retryAfterSeconds: secondsLeftInWindow(now) };
  }
}
