import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting: a signed-in user, an API key, a webhook endpoint, a pull connector's run, or Keyscore itself (jobs, start-up). */
export interface Actor {
  type: 'user' | 'api_key' | 'webhook' | 'connector' | 'system';
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };

interface RequestScope {
  actor: Actor;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `work` in a scope whose actor can be set later (by the auth guard) and read by the audit log. */
export function runInActorScope<T>(work: () => T): T {
  return storage.run({ actor: SYSTEM_ACTOR }, work);
}

export function setCurrentActor(actor: Actor): void {
  const scope = storage.getStore();
  if (scope) scope.actor = actor;
}

/** The actor of the current request; outside a request (jobs, start-up) it is the system. */
export function currentActor(): Actor {
  return storage.getStore()?.actor ?? SYSTEM_ACTOR;
}
