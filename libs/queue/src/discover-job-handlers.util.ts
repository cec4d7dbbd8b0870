import { JobName } from './queue-name.constant';

export interface FoundHandler {
  name: JobName;
  owner: string;
  handle: (payload: unknown, job: { id?: string; attemptsMade: number }) => Promise<unknown>;
}

/** Boot must stop: a job name has no handler, or more than one. */
export class JobRegistryError extends Error {
  override readonly name = 'JobRegistryError';
}

/**
 * Checks that every job name has exactly one handler and returns them by name. Pure: the Nest side
 * collects the decorated methods and passes them here.
 */
export function indexJobHandlers(
  found: FoundHandler[],
  expected: readonly JobName[],
): Map<JobName, FoundHandler> {
  const byName = new Map<JobName, FoundHandler>();
  const problems: string[] = [];
  for (const handler of found) {
    const existing = byName.get(handler.name);
    if (existing)
      problems.push(`job "${handler.name}" has two handlers: ${existing.owner} and ${handler.owner}`);
    else byName.set(handler.name, handler);
  }
  for (const name of expected) {
    if (!byName.has(name)) problems.push(`job "${name}" has no handler`);
  }
  const known: readonly string[] = Object.values(JobName);
  for (const name of [...byName.keys()]) {
    if (expected.includes(name)) continue;
    // A known job narrowed out of `expected` (a test that runs only some jobs) is simply not run here.
    if (known.includes(name)) byName.delete(name);
    else problems.push(`handler for unknown job "${name}"`);
  }
  if (problems.length) throw new JobRegistryError(`Job handlers are misconfigured: ${problems.join('; ')}.`);
  return byName;
}
