import { ScoringIssue, pointer, text } from './bilingual';
import { roundTo } from './round.util';

export interface ContributionShare {
  readonly person: string;
  readonly department: string;
  /** Percent of the account's result credited to this person. */
  readonly percent: number;
}

/**
 * Who gets credit for an account in a period. `split`: shares sum to 100. `overlay`: each person gets up to
 * `overlayCap` percent (default 100) independently — e.g. sales 100 with technical support overlaid at 50 —
 * and a department's credit on one account is capped at 100.
 */
export interface ContributionSplit {
  readonly account: string;
  readonly period: string;
  readonly mode: 'split' | 'overlay';
  readonly shares: readonly ContributionShare[];
  readonly overlayCap?: number;
}

/** An account's locked (or previewed) score, as `scoreAccount` gave it. */
export interface AccountResult {
  readonly account: string;
  readonly period: string;
  readonly score: number | null;
}

export interface CreditedAccount {
  readonly account: string;
  readonly period: string;
  readonly percent: number;
  readonly score: number | null;
}

export interface RolledUpScore {
  readonly id: string;
  /** Σ percent × score / Σ percent over the scored accounts (2 decimals); null when none is scored. */
  readonly score: number | null;
  /** Σ percent / 100 over the scored accounts: how many accounts' worth of credit the score rests on. */
  readonly credit: number;
  readonly accounts: readonly CreditedAccount[];
  /** Credited accounts without a score: left out of the combination (never counted as zero). */
  readonly unscored: readonly string[];
}

export interface PersonScore extends RolledUpScore {
  readonly departments: readonly string[];
}

export interface RollUpResult {
  readonly people: readonly PersonScore[];
  readonly departments: readonly RolledUpScore[];
  /** Pointers are into the `splits` array; a split with issues is left out of the roll-up. */
  readonly issues: readonly ScoringIssue[];
}

const EPS = 1e-9;

/** Checks one split; `at` prefixes the pointers. */
export function validateSplit(split: ContributionSplit, at = ''): ScoringIssue[] {
  const issues: ScoringIssue[] = [];
  const cap = split.overlayCap ?? 100;
  const seen = new Set<string>();
  let sum = 0;
  if (split.shares.length === 0)
    issues.push({
      pointer: at + '/shares',
      message: text('至少需要一名贡献人', 'At least one person must get credit'),
    });
  split.shares.forEach((s, i) => {
    sum += s.percent;
    if (seen.has(s.person))
      issues.push({
        pointer: at + pointer('shares', i, 'person'),
        message: text('{person} 出现了两次', '{person} appears twice', { person: s.person }),
      });
    seen.add(s.person);
    if (
      !(s.percent > 0) ||
      (split.mode === 'split' && s.percent > 100) ||
      (split.mode === 'overlay' && s.percent > cap)
    )
      issues.push({
        pointer: at + pointer('shares', i, 'percent'),
        message:
          split.mode === 'overlay'
            ? text(
                '叠加比例必须大于 0 且不超过 {cap}%',
                'An overlay percent must be above 0 and at most {cap}%',
                { cap },
              )
            : text('比例必须大于 0 且不超过 100%', 'A percent must be above 0 and at most 100%'),
      });
  });
  if (split.mode === 'split' && split.shares.length > 0 && Math.abs(sum - 100) > EPS)
    issues.push({
      pointer: at + '/shares',
      message: text(
        '客户 {account} 在 {period} 的分配比例合计为 {sum}%，应为 100%',
        'The shares of {account} in {period} sum to {sum}%, not 100%',
        { account: split.account, period: split.period, sum: Number(sum.toFixed(6)) },
      ),
    });
  return issues;
}

class Acc {
  weighted = 0;
  credit = 0;
  readonly accounts: CreditedAccount[] = [];
  readonly unscored: string[] = [];
  readonly departments = new Set<string>();
  add(account: string, period: string, percent: number, score: number | null): void {
    this.accounts.push({ account, period, percent, score });
    if (score === null) this.unscored.push(`${account}@${period}`);
    else {
      this.weighted += percent * score;
      this.credit += percent;
    }
  }
  result(id: string): RolledUpScore {
    return {
      id,
      score: this.credit > 0 ? roundTo(this.weighted / this.credit) : null,
      credit: this.credit / 100,
      accounts: this.accounts,
      unscored: this.unscored,
    };
  }
}

/**
 * Per-person and per-department scores as the credit-weighted combination of their accounts' scores.
 * Results are sorted by id, so the output does not depend on input order.
 */
export function rollUpContributions(
  scores: readonly AccountResult[],
  splits: readonly ContributionSplit[],
): RollUpResult {
  const scoreOf = new Map<string, number | null>();
  for (const s of scores) scoreOf.set(s.account + '\u0000' + s.period, s.score);
  const people = new Map<string, Acc>();
  const departments = new Map<string, Acc>();
  const issues: ScoringIssue[] = [];
  splits.forEach((split, i) => {
    const problems = validateSplit(split, pointer(i));
    if (problems.length > 0) {
      issues.push(...problems);
      return;
    }
    const key = split.account + '\u0000' + split.period;
    if (!scoreOf.has(key)) {
      issues.push({
        pointer: pointer(i, 'account'),
        message: text('没有客户 {account} 在 {period} 的得分', 'No score for {account} in {period}', {
          account: split.account,
          period: split.period,
        }),
      });
      return;
    }
    const score = scoreOf.get(key) as number | null;
    const perDept = new Map<string, number>();
    for (const s of split.shares) {
      let p = people.get(s.person);
      if (!p) people.set(s.person, (p = new Acc()));
      p.departments.add(s.department);
      p.add(split.account, split.period, s.percent, score);
      perDept.set(s.department, (perDept.get(s.department) ?? 0) + s.percent);
    }
    for (const [d, percent] of perDept) {
      let acc = departments.get(d);
      if (!acc) departments.set(d, (acc = new Acc()));
      acc.add(split.account, split.period, percent > 100 ? 100 : percent, score);
    }
  });
  const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    people: [...people]
      .map(([id, acc]) => ({ ...acc.result(id), departments: [...acc.departments].sort() }))
      .sort(byId),
    departments: [...departments].map(([id, acc]) => acc.result(id)).sort(byId),
    issues,
  };
}
