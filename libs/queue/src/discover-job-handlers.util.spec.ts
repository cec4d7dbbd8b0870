import { indexJobHandlers, JobRegistryError, type FoundHandler } from './discover-job-handlers.util';
import { JobName } from './queue-name.constant';

const handler = (owner: string): FoundHandler => ({
  name: JobName.MetricsRollup,
  owner,
  handle: async () => undefined,
});

describe('indexJobHandlers', () => {
  it('indexes one handler per job name', () => {
    const index = indexJobHandlers([handler('RollupJob.run')], [JobName.MetricsRollup]);
    expect(index.get(JobName.MetricsRollup)?.owner).toBe('RollupJob.run');
  });

  it('fails when a job name has no handler', () => {
    expect(() => indexJobHandlers([], [JobName.MetricsRollup])).toThrow(
      new JobRegistryError('Job handlers are misconfigured: job "metrics.rollup" has no handler.'),
    );
  });

  it('fails when a job name has two handlers, naming both', () => {
    expect(() => indexJobHandlers([handler('A.run'), handler('B.run')], [JobName.MetricsRollup])).toThrow(
      /two handlers: A.run and B.run/,
    );
  });

  it('leaves out handlers of known jobs that the caller narrowed away (tests running some jobs only)', () => {
    const index = indexJobHandlers(
      [handler('RollupJob.run'), { ...handler('ConnectorPullJob.run'), name: JobName.ConnectorPull }],
      [JobName.MetricsRollup],
    );
    expect([...index.keys()]).toEqual([JobName.MetricsRollup]);
  });

  it('fails on a handler for a job name that does not exist', () => {
    expect(() =>
      indexJobHandlers(
        [handler('A.run'), { ...handler('B.run'), name: 'nope' as JobName }],
        [JobName.MetricsRollup],
      ),
    ).toThrow(/handler for unknown job "nope"/);
  });
});
