import type { AccountScope } from '@keyscore/auth';
import type { DirectoryService } from '@keyscore/directory';

/** The ids of the accounts a scope may see, or null when it sees all (admins, viewers). */
export async function visibleAccountIds(
  directory: DirectoryService,
  scope: AccountScope,
): Promise<Set<string> | null> {
  if (scope.all) return null;
  const { items } = await directory.listAccounts({ limit: 1_000_000, offset: 0 }, scope);
  return new Set(items.map((a) => a.id));
}
