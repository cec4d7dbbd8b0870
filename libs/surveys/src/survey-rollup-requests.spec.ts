import type { JobQueueService } from '@keyscore/queue';
import { SurveyRollupRequests } from './survey-rollup-requests';

interface AddedJob {
  payload: { campaignId: string; accountId: string };
  jobId: string;
  delay: number;
}

/** The requests over a mocked queue whose adds resolve (or fail) when the test says. */
function setup() {
  const calls: { jobs: AddedJob[]; settle: (error?: Error) => void }[] = [];
  const enqueueMany = jest.fn(
    (_name: string, jobs: AddedJob[]) =>
      new Promise<void>((resolve, reject) =>
        calls.push({ jobs, settle: (error) => (error ? reject(error) : resolve()) }),
      ),
  );
  const requests = new SurveyRollupRequests({ enqueueMany } as unknown as JobQueueService);
  return { requests, enqueueMany, calls };
}

const nextTurn = () => new Promise((done) => setImmediate(done));
/** The end of the window in which requests are added together (timers are fake, Date.now is mocked). */
const windowEnds = async () => {
  jest.advanceTimersByTime(100);
  await nextTurn();
};

describe('SurveyRollupRequests', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['Date', 'setImmediate', 'nextTick', 'queueMicrotask'] });
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-27T10:00:00.400Z'));
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('adds the roll-ups asked for within 100 ms together, one per account and second', async () => {
    const { requests, enqueueMany, calls } = setup();
    requests.request('c-1', 'a-1');
    requests.request('c-1', 'a-1');
    await nextTurn();
    requests.request('c-1', 'a-2');
    // The caller does not wait for Redis: nothing is added before the window ends.
    jest.advanceTimersByTime(99);
    await nextTurn();
    expect(enqueueMany).not.toHaveBeenCalled();
    await windowEnds();
    expect(enqueueMany).toHaveBeenCalledTimes(1);
    const second = Math.floor(Date.parse('2026-11-27T10:00:00.400Z') / 1000);
    expect(enqueueMany.mock.calls[0]![0]).toBe('surveys.rollup');
    expect(calls[0]!.jobs).toEqual([
      {
        payload: { campaignId: 'c-1', accountId: 'a-1' },
        jobId: `survey-rollup.c-1.a-1.${second}`,
        delay: 850,
      },
      {
        payload: { campaignId: 'c-1', accountId: 'a-2' },
        jobId: `survey-rollup.c-1.a-2.${second}`,
        delay: 850,
      },
    ]);
  });

  it('asks again for an account in the next second', async () => {
    const { requests, calls } = setup();
    requests.request('c-1', 'a-1');
    await windowEnds();
    requests.request('c-1', 'a-1');
    await windowEnds();
    expect(calls).toHaveLength(1);
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-27T10:00:01.100Z'));
    requests.request('c-1', 'a-1');
    await windowEnds();
    expect(calls).toHaveLength(2);
    // Delayed past the end of its own second, by the margin for other processes' clocks.
    expect(calls[1]!.jobs[0]!.delay).toBe(1150);
  });

  it('forgets a second whose add failed, so the account’s next answer asks again', async () => {
    const { requests, calls } = setup();
    const warn = jest.spyOn((requests as unknown as { logger: { warn: () => void } }).logger, 'warn');
    warn.mockImplementation(() => undefined);
    requests.request('c-1', 'a-1');
    await windowEnds();
    calls[0]!.settle(new Error('ECONNREFUSED'));
    await nextTurn();
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ jobs: 1 }),
      'could not enqueue survey roll-ups',
    );
    requests.request('c-1', 'a-1');
    await windowEnds();
    expect(calls).toHaveLength(2);
  });

  it('adds the waiting roll-ups at shutdown and waits for every add on its way', async () => {
    const { requests, calls } = setup();
    requests.request('c-1', 'a-1');
    await windowEnds();
    requests.request('c-1', 'a-2');
    let done = false;
    const shutdown = requests.beforeApplicationShutdown().then(() => (done = true));
    expect(calls).toHaveLength(2);
    calls[0]!.settle();
    await nextTurn();
    expect(done).toBe(false);
    calls[1]!.settle();
    await shutdown;
    expect(done).toBe(true);
    // The window's timer was cleared with the add: nothing is added twice.
    await windowEnds();
    expect(calls).toHaveLength(2);
  });
});
