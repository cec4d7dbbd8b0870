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

  async isBlocked(ip: string, email: string): Promise<boolean> {
    const count = Number((await this.queues.redis().get(this.key(ip, email))) ?? 0);
    return count >= LOGIN_MAX_FAILURES;
  }

  async recordFailure(ip: string, email: string): Promise<void> {
    const key = this.key(ip, email);
    const count = await this.queues.redis().incr(key);
    if (count === 1) await this.queues.redis().expire(key, LOGIN_WINDOW_SECONDS);
  }

  async reset(ip: string, email: string): Promise<void> {
    await this.queues.redis().del(this.key(ip, email));
  }
}
