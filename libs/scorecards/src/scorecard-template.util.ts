import type { AccountType } from '@keyscore/persistence';
import {
  resolveScorecard,
  scoringLibrary,
  type AccountOverride,
  type PublishedDefinitions,
  type ScorecardTemplate,
  type ScoringIssue,
} from '@keyscore/scoring';

/** Which built-in template scores which account type. */
export const TEMPLATE_FOR_ACCOUNT_TYPE: Record<AccountType, string> = {
  multinational: 'multinational',
  local_enterprise: 'local_large_enterprise',
};

/**
 * The `accountType` values a template may carry to score an account of a type: the type itself and the
 * one its built-in template carries (templates copied from `local_large_enterprise` say so).
 */
export const TEMPLATE_ACCOUNT_TYPES: Record<AccountType, readonly string[]> = {
  multinational: ['multinational'],
  local_enterprise: ['local_enterprise', 'local_large_enterprise'],
};

/** A published template version, as a cycle pins it. */
export interface PinnedTemplate {
  readonly key: string;
  readonly version: number;
  readonly content: ScorecardTemplate;
  /** SHA-256 of the version's canonical JSON, as the document store keeps it. */
  readonly contentHash: string;
  /**
   * The published KPIs and base templates the version was checked against at publication, at the
   * versions it pinned (absent: the built-in library alone).
   */
  readonly uses?: PublishedDefinitions;
}

/** Template pins per account type, as a cycle stores them. */
export type TemplatePins = Partial<Record<AccountType, { key: string; version: number }>>;
export type PinnedTemplates = Partial<Record<AccountType, PinnedTemplate>>;

/** What a cycle stores of the templates it pinned: key and version per account type. */
export function templatePins(pinned: PinnedTemplates): TemplatePins {
  const pins: TemplatePins = {};
  for (const [type, template] of Object.entries(pinned) as [AccountType, PinnedTemplate][])
    pins[type] = { key: template.key, version: template.version };
  return pins;
}

/** `key` or `key@version`; null when it is neither. */
export function parseTemplateRef(text: string): { key: string; version?: number } | null {
  const match = /^([a-z][a-z0-9_]{0,63})(?:@([1-9][0-9]{0,8}))?$/.exec(text);
  if (!match) return null;
  return match[2] ? { key: match[1]!, version: Number(match[2]) } : { key: match[1]! };
}

export function templateFitsAccountType(template: ScorecardTemplate, accountType: AccountType): boolean {
  return TEMPLATE_ACCOUNT_TYPES[accountType].includes(template.accountType);
}

/**
 * Resolves the scorecard an account of `accountType` is scored with: the pinned template version (its
 * inheritance over the built-in library and the published KPIs and templates it pinned, as its
 * publication was checked) or the type's built-in one, with the account's override on top. The pinned
 * version is written into the template, so the result's `template` and `chain` name what was pinned.
 * Pure: the same arguments give the same scorecard.
 */
export function resolveAccountScorecard(input: {
  accountType: AccountType;
  template?: PinnedTemplate | null;
  override?: AccountOverride;
}): ReturnType<typeof resolveScorecard> {
  const pinned = input.template;
  const library = scoringLibrary(pinned?.uses);
  const templates = new Map(library.templates);
  if (pinned) templates.set(pinned.key, { ...pinned.content, key: pinned.key, version: pinned.version });
  return resolveScorecard(pinned?.key ?? TEMPLATE_FOR_ACCOUNT_TYPE[input.accountType], {
    templates,
    kpis: library.kpis,
    ...(input.override ? { override: input.override } : {}),
  });
}

/**
 * An override's problems as pointers into the request that carries it (`root`): its own problems point at
 * its fields; a problem of the template underneath (which its own check reports) at `root` itself.
 */
export function overrideIssues(
  issues: readonly (ScoringIssue & { document: string })[],
  account: string,
  root: string,
): ScoringIssue[] {
  return issues.map((issue) => ({
    pointer: issue.document === `account:${account}` ? root + issue.pointer : root,
    message: issue.message,
  }));
}
