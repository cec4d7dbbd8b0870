import type { ApiKeyEntity, UserEntity } from '@keyscore/persistence';
import type { Permission } from './permission.constant';

/** Which accounts a caller may see: all, or those whose manager or team includes one of these people. */
export type AccountScope = { all: true } | { all: false; personIds: string[] };

export interface ApiKeyScope {
  permission: Permission;
  /** For metric-values:write / read: only these metric keys (all when absent). */
  metricKeys?: string[];
}

export type Principal =
  | {
      kind: 'user';
      user: UserEntity;
      permissions: ReadonlySet<Permission>;
      accounts: AccountScope;
      via: 'bearer' | 'cookie';
    }
  | {
      kind: 'api_key';
      key: ApiKeyEntity;
      scopes: ApiKeyScope[];
      permissions: ReadonlySet<Permission>;
      accounts: AccountScope;
    };

/** The metric keys a principal may write, or null when any. */
export function writableMetricKeys(principal: Principal): Set<string> | null {
  if (principal.kind === 'user') return null;
  const scope = principal.scopes.find((s) => s.permission === 'metric-values:write');
  return scope?.metricKeys ? new Set(scope.metricKeys) : null;
}

/** The metric keys a principal may read, or null when any (users; keys without a metric list). */
export function readableMetricKeys(principal: Principal): Set<string> | null {
  if (principal.kind === 'user') return null;
  const scope = principal.scopes.find((s) => s.permission === 'metric-values:read');
  return scope?.metricKeys ? new Set(scope.metricKeys) : null;
}
