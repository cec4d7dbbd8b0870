import type { AccountType } from '@keyscore/persistence';
import type { TemplatePins } from './scorecard-template.util';

/** What the rule reads of a review cycle of the quarter. */
export interface QuarterCycle {
  readonly id: string;
  readonly status: 'draft' | 'running' | 'closed';
  readonly launchedAt: string | null;
  /** JSON as the cycle stores it: `{ accountTypes?, departmentIds?, accountIds? }`. */
  readonly scope: string;
  /** JSON as the cycle stores it (template pins per account type), or null for built-ins throughout. */
  readonly templates: string | null;
}

/** What the rule reads of an account. */
export interface AccountInQuarter {
  readonly id: string;
  readonly accountType: AccountType;
  /** Its manager's department (cycle scopes select accounts by it). */
  readonly departmentId: string | null;
}

interface Scope {
  accountTypes?: string[];
  departmentIds?: string[];
  accountIds?: string[];
}

/** Whether a cycle's scope covers an account: every criterion it names must hold (as the launch selects). */
export function scopeCovers(scopeJson: string, account: AccountInQuarter): boolean {
  const scope = JSON.parse(scopeJson) as Scope;
  if (scope.accountTypes?.length && !scope.accountTypes.includes(account.accountType)) return false;
  if (scope.departmentIds?.length && !scope.departmentIds.includes(account.departmentId ?? '')) return false;
  if (scope.accountIds?.length && !scope.accountIds.includes(account.id)) return false;
  return true;
}

/**
 * Closed first, then the latest launched, then the greater tie id (the stored score's id, as the
 * dashboards choose; the cycle's id when there is no score): never the order rows came in.
 */
function counts(a: QuarterCycle, b: QuarterCycle, tieId: (c: QuarterCycle) => string): number {
  return (
    Number(a.status === 'closed') - Number(b.status === 'closed') ||
    (a.launchedAt ?? '').localeCompare(b.launchedAt ?? '') ||
    tieId(a).localeCompare(tieId(b))
  );
}

/**
 * The cycle whose template scores an account in a quarter, or null when none does (the built-in template
 * counts): the cycle whose stored score of the account counts (a closed cycle's, else the latest launched
 * — the dashboards' rule), or, with no stored score yet, the latest launched running cycle whose scope
 * covers the account. Draft cycles never count. `scoredIn`: the account's stored score id per cycle. Pure.
 */
export function cycleInForce(
  account: AccountInQuarter,
  cycles: readonly QuarterCycle[],
  scoredIn: ReadonlyMap<string, string>,
): QuarterCycle | null {
  const launched = cycles.filter((c) => c.status !== 'draft');
  const scored = launched.filter((c) => scoredIn.has(c.id));
  const candidates = scored.length
    ? scored
    : launched.filter((c) => c.status === 'running' && scopeCovers(c.scope, account));
  const tieId = (c: QuarterCycle) => scoredIn.get(c.id) ?? c.id;
  let best: QuarterCycle | null = null;
  for (const cycle of candidates) if (!best || counts(cycle, best, tieId) > 0) best = cycle;
  return best;
}

/** The template pin (key and version) of the cycle in force for the account's type; null: the built-in. */
export function templatePinInForce(
  account: AccountInQuarter,
  cycles: readonly QuarterCycle[],
  scoredIn: ReadonlyMap<string, string>,
): { key: string; version: number } | null {
  const cycle = cycleInForce(account, cycles, scoredIn);
  if (!cycle?.templates) return null;
  return (JSON.parse(cycle.templates) as TemplatePins)[account.accountType] ?? null;
}
