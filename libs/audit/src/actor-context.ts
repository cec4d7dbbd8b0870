import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting: a signed-in user, an API key, a webhook endpoint, a pull connector's run, or Keyscore itself (jobs, start-up). */
export interface Actor {
  type: 'user' | 'api_key' | 'webhook' | 'connector' | 'system';
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };

interface RequestScope {
  actor: Actor;
  /** The HTTP request's id (X-Request-Id), which every log line of the request carries. */
  requestId?: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `work` in a scope whose actor can be set later (by the auth guard) and read by the audit log. */
export function runInActorScope<T>(work: () => T): T {
  return storage.run({ actor: SYSTEM_ACTOR }, work);
}

/**
 * Runs an HTTP request in its scope: the actor (set later by the auth guard) and the request id. One scope
 * per request serves the audit log and the logs alike (each AsyncLocalStorage costs every promise a hook).
 */
export function runInRequestScope<T>(requestId: string, work: () => T): T {
  return storage.run({ actor: SYSTEM_ACTOR, requestId }, work);
}

/** The id of the HTTP request being served, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function setCurrentActor(actor: Actor): void {
  const scope = storage.getStore();
  if (scope) scope.actor = actor;
}

/** The actor of the current request; outside a request (jobs, start-up) it is the system. */
export function currentActor(): Actor {
  return storage.getStore()?.actor ?? SYSTEM_ACTOR;
}
