import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { JobQueueService } from '@keyscore/queue';
import { sha256Hex } from './secret.util';

export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const LOGIN_MAX_FAILURES = 10;

/**
 * Failed sign-ins counted per (client address, email) in Redis, so every api process shares the count.
 * After LOGIN_MAX_FAILURES in the window, sign-in is refused until the window ends.
 */
@Injectable()
export class LoginRateLimit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: JobQueueService,
  ) {}

  private key(ip: string, email: string): string {
    return `${this.config.queuePrefix}:ratelimit:login:${sha256Hex(`${ip}\n${email.toLowerCase()}`)}`;
  }

  /**
   * Counts this attempt before the password is checked (atomically, so parallel guesses cannot slip past
   * the limit) and says whether it is over the limit. A successful sign-in resets the count.
   */
  async attempt(ip: string, email: string): Promise<boolean> {
    const key = this.key(ip, email);
    // SET … NX EX opens the window on the first attempt (works on Redis 6.2, unlike EXPIRE … NX).
    const results = (await this.queues
      .redis()
      .multi()
      .set(key, 0, 'EX', LOGIN_WINDOW_SECONDS, 'NX')
      .incr(key)
      .exec()) as [unknown, unknown][];
    const count = Number(results[1]?.[1] ?? 0);
    return count > LOGIN_MAX_FAILURES;
  }

  async reset(ip: string, email: string): Promise<void> {
    await this.queues.redis().del(this.key(ip, email));
  }
}
