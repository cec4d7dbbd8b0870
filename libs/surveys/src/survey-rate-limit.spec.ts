import type { AppConfig } from '@keyscore/config';
import type { JobQueueService } from '@keyscore/queue';
import { SurveyRateLimit } from './survey-rate-limit';

/** A Redis whose MULTI answers [ip: set, incr, ttl, token: set, incr, ttl] as given. */
function limiter(ip: [number, number], token: [number, number], limits = { ip: 5, token: 3 }) {
  const calls: unknown[][] = [];
  const chain = {
    set: (...args: unknown[]) => (calls.push(['set', ...args]), chain),
    incr: (...args: unknown[]) => (calls.push(['incr', ...args]), chain),
    ttl: (...args: unknown[]) => (calls.push(['ttl', ...args]), chain),
    exec: async () => [
      [null, 'OK'],
      [null, ip[0]],
      [null, ip[1]],
      [null, 'OK'],
      [null, token[0]],
      [null, token[1]],
    ],
  };
  const queues = { redis: () => ({ multi: () => chain }) } as unknown as JobQueueService;
  const config = {
    queuePrefix: 'p',
    surveyRateLimit: { perIpPerMinute: limits.ip, perTokenPerMinute: limits.token },
  } as AppConfig;
  return { limit: new SurveyRateLimit(config, queues), calls };
}

describe('SurveyRateLimit', () => {
  it.each<[string, [number, number], [number, number], number]>([
    ['under both limits', [5, 40], [3, 40], 0],
    ['over the address limit', [6, 41], [1, 59], 41],
    ['over the token limit', [2, 10], [4, 17], 17],
    ['over both: the longer wait', [9, 12], [9, 30], 30],
    ['over, on a key that lost its expiry', [6, -1], [1, 60], 60],
  ])('%s → wait %i s', async (_name, ip, token, wait) => {
    expect(await limiter(ip, token).limit.hit('10.0.0.1', 'abc')).toBe(wait);
  });

  it('counts the address and the token hash in one MULTI, opening each window once', async () => {
    const { limit, calls } = limiter([1, 60], [1, 60]);
    await limit.hit('10.0.0.1', 'abc');
    expect(calls).toEqual([
      ['set', 'p:ratelimit:survey:ip:10.0.0.1', 0, 'EX', 60, 'NX'],
      ['incr', 'p:ratelimit:survey:ip:10.0.0.1'],
      ['ttl', 'p:ratelimit:survey:ip:10.0.0.1'],
      ['set', 'p:ratelimit:survey:token:abc', 0, 'EX', 60, 'NX'],
      ['incr', 'p:ratelimit:survey:token:abc'],
      ['ttl', 'p:ratelimit:survey:token:abc'],
    ]);
  });
});
