import { ScoringIssue, pointer, text } from './bilingual';
import { ratingFor } from './rating.util';
import { roundTo } from './round.util';
import { DEFAULT_RATING_BANDS, RatingBand } from './template.schema';

export interface CalibrationItem {
  readonly id: string;
  readonly reviewer: string;
  readonly score: number;
}

export interface NormaliseOptions {
  /** Groups smaller than this (default 2), or with no spread, are only shifted to the population mean. */
  readonly minGroupSize?: number;
  /** Clamp the calibrated scores (e.g. [0, 120]). */
  readonly clamp?: readonly [number, number];
}

export interface NormalisedItem {
  readonly id: string;
  readonly reviewer: string;
  readonly before: number;
  readonly after: number;
  /** The score's z within its reviewer's group (null when the group was only shifted). */
  readonly z: number | null;
}

export interface Moments {
  readonly count: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly sd: number;
}

export interface NormaliseResult {
  readonly items: readonly NormalisedItem[];
  readonly reviewers: readonly ({
    readonly reviewer: string;
    readonly method: 'z-score' | 'shift';
  } & Moments)[];
  readonly population: Moments;
}

function moments(xs: readonly number[]): Moments {
  const n = xs.length;
  if (n === 0) return { count: 0, mean: 0, sd: 0 };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { count: n, mean, sd: Math.sqrt(ss / n) };
}

/**
 * Per-reviewer normalisation: a lenient and a strict reviewer are put on one scale by turning each score
 * into its z within the reviewer's group and rescaling to the whole population's mean and sd.
 * Scores are rounded to 2 decimals; output order follows input order.
 */
export function normaliseByReviewer(
  items: readonly CalibrationItem[],
  options: NormaliseOptions = {},
): NormaliseResult {
  const minGroup = options.minGroupSize ?? 2;
  const population = moments(items.map((i) => i.score));
  const groups = new Map<string, number[]>();
  for (const i of items) {
    let g = groups.get(i.reviewer);
    if (!g) groups.set(i.reviewer, (g = []));
    g.push(i.score);
  }
  const stats = new Map<string, Moments & { method: 'z-score' | 'shift' }>();
  for (const [r, xs] of groups) {
    const m = moments(xs);
    stats.set(r, { ...m, method: m.count >= minGroup && m.sd > 0 ? 'z-score' : 'shift' });
  }
  const out = items.map((i): NormalisedItem => {
    const g = stats.get(i.reviewer) as Moments & { method: 'z-score' | 'shift' };
    const z = g.method === 'z-score' ? (i.score - g.mean) / g.sd : null;
    let after = z === null ? i.score - g.mean + population.mean : population.mean + z * population.sd;
    if (options.clamp) after = Math.min(options.clamp[1], Math.max(options.clamp[0], after));
    return { id: i.id, reviewer: i.reviewer, before: i.score, after: roundTo(after), z };
  });
  return {
    items: out,
    reviewers: [...stats]
      .map(([reviewer, m]) => ({ reviewer, ...m }))
      .sort((a, b) => (a.reviewer < b.reviewer ? -1 : a.reviewer > b.reviewer ? 1 : 0)),
    population,
  };
}

export interface Quota {
  readonly rating: string;
  /** Percent of the population (quotas sum to 100). */
  readonly share: number;
}

export interface QuotaRow {
  readonly rating: string;
  readonly quotaPercent: number;
  readonly quotaCount: number;
  /** How many the rating bands alone would give this rating. */
  readonly naturalCount: number;
  /** How many the forced distribution gives it (equals quotaCount). */
  readonly assignedCount: number;
}

export interface ForcedAssignment {
  readonly id: string;
  readonly score: number;
  readonly rank: number;
  /** The rating by bands. */
  readonly natural: string | null;
  /** The rating by quota. */
  readonly rating: string;
  readonly changed: boolean;
}

export interface ForcedDistributionResult {
  readonly assignments: readonly ForcedAssignment[];
  readonly table: readonly QuotaRow[];
  /** Equal scores split across a quota boundary: reviewers should decide these by hand. */
  readonly boundaryTies: readonly {
    readonly between: readonly [string, string];
    readonly ids: readonly string[];
  }[];
  readonly issues: readonly ScoringIssue[];
}

/**
 * Forced distribution: rank by score (ties by id, so the result is reproducible), then hand out ratings
 * by quota, best first. Counts use the largest-remainder method so they add up to the population; the
 * table shows quota against what the bands alone would give.
 */
export function forcedDistribution(
  items: readonly { readonly id: string; readonly score: number }[],
  quotas: readonly Quota[],
  bands: readonly RatingBand[] = DEFAULT_RATING_BANDS,
): ForcedDistributionResult {
  const issues: ScoringIssue[] = [];
  const sum = quotas.reduce((s, q) => s + q.share, 0);
  if (quotas.length === 0 || Math.abs(sum - 100) > 1e-9) {
    issues.push({
      pointer: '',
      message: text('各评级配额合计为 {sum}%，应为 100%', 'Rating quotas sum to {sum}%, not 100%', {
        sum: Number(sum.toFixed(6)),
      }),
    });
  }
  quotas.forEach((q, i) => {
    if (q.share < 0)
      issues.push({
        pointer: pointer(i, 'share'),
        message: text('配额不能为负数', 'A quota cannot be negative'),
      });
  });
  if (issues.length > 0) return { assignments: [], table: [], boundaryTies: [], issues };

  const n = items.length;
  const exact = quotas.map((q) => (q.share * n) / 100);
  const counts = exact.map((x) => Math.floor(x));
  let left = n - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let j = 0; left > 0; j++, left--) counts[order[j % order.length].i]++;

  const ranked = [...items].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const assignments: ForcedAssignment[] = [];
  const natural = new Map<string, number>();
  let q = 0;
  let used = 0;
  ranked.forEach((it, rank) => {
    while (q < quotas.length - 1 && used >= counts[q]) {
      q++;
      used = 0;
    }
    used++;
    const nat = ratingFor(it.score, bands)?.rating ?? null;
    if (nat !== null) natural.set(nat, (natural.get(nat) ?? 0) + 1);
    const rating = quotas[q].rating;
    assignments.push({
      id: it.id,
      score: it.score,
      rank: rank + 1,
      natural: nat,
      rating,
      changed: nat !== rating,
    });
  });

  const boundaryTies: { between: [string, string]; ids: string[] }[] = [];
  for (let i = 1; i < assignments.length; i++) {
    const a = assignments[i - 1];
    const b = assignments[i];
    if (a.rating !== b.rating && a.score === b.score) {
      const ids = assignments.filter((x) => x.score === a.score).map((x) => x.id);
      boundaryTies.push({ between: [a.rating, b.rating], ids });
    }
  }
  const assigned = new Map<string, number>();
  for (const a of assignments) assigned.set(a.rating, (assigned.get(a.rating) ?? 0) + 1);
  return {
    assignments,
    table: quotas.map((qu, i) => ({
      rating: qu.rating,
      quotaPercent: qu.share,
      quotaCount: counts[i],
      naturalCount: natural.get(qu.rating) ?? 0,
      assignedCount: assigned.get(qu.rating) ?? 0,
    })),
    boundaryTies,
    issues,
  };
}
