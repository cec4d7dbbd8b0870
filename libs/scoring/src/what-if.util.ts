import type { Adjustment, AccountInput } from './input.types';
import type { PreparedScorecard } from './prepare-scorecard.util';
import { ScoreOptions, scoreAccount } from './score-account.util';
import type { AccountScore, AppliedAdjustment, KpiStatus } from './score.types';

export interface KpiSnapshot {
  readonly status: KpiStatus;
  readonly value: number | null;
  readonly target: number | null;
  readonly score: number | null;
  readonly effectiveWeight: number;
}

export interface WhatIfResult {
  readonly before: AccountScore;
  readonly after: AccountScore;
  readonly kpis: readonly {
    readonly kpi: string;
    readonly before: KpiSnapshot;
    readonly after: KpiSnapshot;
    readonly changed: boolean;
  }[];
  readonly total: {
    readonly before: number | null;
    readonly after: number | null;
    readonly delta: number | null;
  };
  readonly rating: { readonly before: string | null; readonly after: string | null };
  /** The proposed adjustments as they would act (status `preview`), and any that could not. */
  readonly adjustments: readonly AppliedAdjustment[];
  readonly ignored: AccountScore['trace']['ignoredAdjustments'];
}

function snapshot(k: AccountScore['kpis'][number]): KpiSnapshot {
  return {
    status: k.status,
    value: k.value,
    target: k.target,
    score: k.score,
    effectiveWeight: k.effectiveWeight,
  };
}

/**
 * The effect of proposed adjustments before anyone approves them: the account scored as it stands
 * (its approved adjustments only) and again with the proposals applied. Nothing is mutated.
 */
export function whatIf(
  prepared: PreparedScorecard,
  input: AccountInput,
  proposed: readonly Adjustment[],
  options: Omit<ScoreOptions, 'preview'> = {},
): WhatIfResult {
  const before = scoreAccount(prepared, input, options);
  const after = scoreAccount(prepared, input, { ...options, preview: proposed });
  const kpis = before.kpis.map((b, i) => {
    const a = after.kpis[i];
    const sb = snapshot(b);
    const sa = snapshot(a);
    const changed =
      sb.status !== sa.status ||
      sb.value !== sa.value ||
      sb.target !== sa.target ||
      sb.score !== sa.score ||
      sb.effectiveWeight !== sa.effectiveWeight;
    return { kpi: b.kpi, before: sb, after: sa, changed };
  });
  const previewIds = new Set(proposed.map((p) => p.id));
  return {
    before,
    after,
    kpis,
    total: {
      before: before.score,
      after: after.score,
      delta:
        before.score === null || after.score === null
          ? null
          : Math.round((after.score - before.score) * 100) / 100,
    },
    rating: { before: before.rating, after: after.rating },
    adjustments: after.trace.adjustments.filter((a) => a.status === 'preview'),
    ignored: after.trace.ignoredAdjustments.filter((a) => previewIds.has(a.id)),
  };
}
