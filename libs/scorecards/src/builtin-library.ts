import type { AccountType } from '@keyscore/persistence';
import {
  BUILTIN_KPIS,
  BUILTIN_TEMPLATES,
  prepareScorecard,
  resolveScorecard,
  type PreparedScorecard,
} from '@keyscore/scoring';

/** Which built-in template scores which account type. */
export const TEMPLATE_FOR_ACCOUNT_TYPE: Record<AccountType, string> = {
  multinational: 'multinational',
  local_enterprise: 'local_large_enterprise',
};

const prepared = new Map<string, PreparedScorecard>();

/**
 * The resolved and compiled built-in scorecard of a template, once per process (its formulas compile once).
 * Throws only if the shipped library itself is inconsistent, which its specs rule out.
 */
export function builtinScorecard(templateKey: string): PreparedScorecard {
  let card = prepared.get(templateKey);
  if (!card) {
    const { scorecard, issues } = resolveScorecard(templateKey, {
      templates: BUILTIN_TEMPLATES,
      kpis: BUILTIN_KPIS,
    });
    if (!scorecard)
      throw new Error(`built-in template ${templateKey} does not resolve: ${JSON.stringify(issues)}`);
    card = prepareScorecard(scorecard);
    prepared.set(templateKey, card);
  }
  return card;
}
