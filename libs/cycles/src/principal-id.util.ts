import type { Principal } from '@keyscore/auth';

/** Who acts, as workflow histories and tasks record it: a user id, or `key:<id>` for an API key. */
export function principalId(principal: Principal): string {
  return principal.kind === 'user' ? principal.user.id : `key:${principal.key.id}`;
}
