import type { AppConfig } from '@keyscore/config';
import type { JobQueueService } from '@keyscore/queue';
import { SURVEY_RATE_SCRIPT, SurveyRateLimit } from './survey-rate-limit';

/** A Redis client that records the script's definition and answers each request of a call with `wait`. */
function limiter(wait: number | string) {
  const defined: unknown[] = [];
  const calls: unknown[][] = [];
  const redis: Record<string, unknown> = {
    defineCommand: (name: string, definition: unknown) => {
      defined.push([name, definition]);
      redis[name] = async (keyCount: number, ...args: unknown[]) => {
        calls.push([keyCount, ...args]);
        return Array.from({ length: keyCount / 2 }, () => wait);
      };
    },
  };
  const queues = { redis: () => redis } as unknown as JobQueueService;
  const config = {
    queuePrefix: 'p',
    surveyRateLimit: { perIpPerMinute: 600, perTokenPerMinute: 30 },
  } as AppConfig;
  return { limit: new SurveyRateLimit(config, queues), defined, calls };
}

describe('SurveyRateLimit', () => {
  it('counts the address and the token hash in one atomic script call, with the configured limits', async () => {
    const { limit, defined, calls } = limiter(0);
    expect(await limit.hit('10.0.0.1', 'abc')).toBe(0);
    await limit.hit('10.0.0.2', 'def');
    expect(defined).toEqual([['surveyRateHits', { lua: SURVEY_RATE_SCRIPT }]]);
    expect(calls[0]).toEqual([
      2,
      'p:ratelimit:survey:ip:10.0.0.1',
      'p:ratelimit:survey:token:abc',
      60,
      600,
      30,
    ]);
  });

  it('counts the requests of one turn of the event loop in one call, each with its own answer', async () => {
    const { limit, calls } = limiter(0);
    const waits = await Promise.all([limit.hit('10.0.0.1', 'a'), limit.hit('10.0.0.1', 'b')]);
    expect(waits).toEqual([0, 0]);
    expect(calls).toEqual([
      [
        4,
        'p:ratelimit:survey:ip:10.0.0.1',
        'p:ratelimit:survey:token:a',
        'p:ratelimit:survey:ip:10.0.0.1',
        'p:ratelimit:survey:token:b',
        60,
        600,
        30,
      ],
    ]);
  });

  it('answers the seconds to wait as a number', async () => {
    expect(await limiter('41').limit.hit('10.0.0.1', 'abc')).toBe(41);
  });

  it('opens a window on the first hit and never leaves a counter without expiry', () => {
    expect(SURVEY_RATE_SCRIPT).toContain("if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end");
    expect(SURVEY_RATE_SCRIPT).toMatch(/if ttl < 0 then\s+redis.call\('EXPIRE', key, ARGV\[1\]\)/);
  });
});
