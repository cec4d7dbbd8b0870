import type { AccountType } from '@keyscore/persistence';
import { prepareScorecard, type PreparedScorecard } from '@keyscore/scoring';
import {
  resolveAccountScorecard,
  TEMPLATE_FOR_ACCOUNT_TYPE,
  type PinnedTemplate,
} from './scorecard-template.util';

const prepared = new Map<string, PreparedScorecard>();

/**
 * The resolved and compiled scorecard of an account type without an account override: its built-in
 * template, or a pinned published version. Compiled once per process per template version (a published
 * version never changes; the content hash is part of the key all the same). Throws only if the template
 * does not resolve, which its publication (or, for the built-ins, their specs) rules out.
 */
export function templateScorecard(
  accountType: AccountType,
  template: PinnedTemplate | null = null,
): PreparedScorecard {
  const cacheKey = template
    ? `${accountType}|${template.key}@${template.version}#${template.contentHash}`
    : `${accountType}|builtin`;
  let card = prepared.get(cacheKey);
  if (!card) {
    const { scorecard, issues } = resolveAccountScorecard({ accountType, template });
    if (!scorecard || issues.length) {
      const name = template ? `${template.key}@${template.version}` : TEMPLATE_FOR_ACCOUNT_TYPE[accountType];
      throw new Error(`template ${name} does not resolve: ${JSON.stringify(issues)}`);
    }
    card = prepareScorecard(scorecard);
    prepared.set(cacheKey, card);
  }
  return card;
}
