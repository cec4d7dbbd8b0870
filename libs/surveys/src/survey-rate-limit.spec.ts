import type { AppConfig } from '@keyscore/config';
import type { JobQueueService } from '@keyscore/queue';
import { SURVEY_RATE_SCRIPT, SurveyRateLimit } from './survey-rate-limit';

/** A Redis client that records the script's definition and answers each call with `wait`. */
function limiter(wait: number | string) {
  const defined: unknown[] = [];
  const calls: unknown[][] = [];
  const pipelines: number[] = [];
  const redis: Record<string, unknown> = {
    defineCommand: (name: string, definition: unknown) => {
      defined.push([name, definition]);
      redis[name] = (...args: unknown[]) => {
        const callback = args.pop() as (error: null, wait: number | string) => void;
        calls.push(args);
        callback(null, wait);
      };
    },
    pipeline: () => {
      const queued: unknown[][] = [];
      return {
        surveyRateHit: (...args: unknown[]) => queued.push(args),
        exec: async () => {
          pipelines.push(queued.length);
          for (const args of queued) (redis.surveyRateHit as (...a: unknown[]) => void)(...args);
        },
      };
    },
  };
  const queues = { redis: () => redis } as unknown as JobQueueService;
  const config = {
    queuePrefix: 'p',
    surveyRateLimit: { perIpPerMinute: 600, perTokenPerMinute: 30 },
  } as AppConfig;
  return { limit: new SurveyRateLimit(config, queues), defined, calls, pipelines };
}

describe('SurveyRateLimit', () => {
  it('counts the address and the token hash in one atomic script call, with the configured limits', async () => {
    const { limit, defined, calls } = limiter(0);
    expect(await limit.hit('10.0.0.1', 'abc')).toBe(0);
    await limit.hit('10.0.0.2', 'def');
    expect(defined).toEqual([['surveyRateHit', { numberOfKeys: 2, lua: SURVEY_RATE_SCRIPT }]]);
    expect(calls[0]).toEqual(['p:ratelimit:survey:ip:10.0.0.1', 'p:ratelimit:survey:token:abc', 60, 600, 30]);
  });

  it('sends the hits of one turn of the event loop as one pipeline, each with its own answer', async () => {
    const { limit, calls, pipelines } = limiter(0);
    const waits = await Promise.all([limit.hit('10.0.0.1', 'a'), limit.hit('10.0.0.1', 'b')]);
    expect(waits).toEqual([0, 0]);
    expect(pipelines).toEqual([2]);
    expect(calls.map((c) => c[1])).toEqual(['p:ratelimit:survey:token:a', 'p:ratelimit:survey:token:b']);
  });

  it('answers the seconds to wait as a number', async () => {
    expect(await limiter('41').limit.hit('10.0.0.1', 'abc')).toBe(41);
  });

  it('opens a window on the first hit and never leaves a counter without expiry', () => {
    expect(SURVEY_RATE_SCRIPT).toContain("if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end");
    expect(SURVEY_RATE_SCRIPT).toMatch(/if ttl < 0 then\s+redis.call\('EXPIRE', key, ARGV\[1\]\)/);
  });
});
