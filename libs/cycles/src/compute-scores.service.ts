import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CycleScoreEntity, WorkflowInstanceEntity } from '@keyscore/persistence';
import { ScorecardsService, type PinnedTemplates, type TemplatePins } from '@keyscore/scorecards';
import { roundDecimal } from '@keyscore/formula';
import { DEFAULT_RATING_BANDS, ratingFor } from '@keyscore/scoring';
import { CyclesRepository } from './cycles.repository';
import { instanceAccounts } from './instance-data.util';

export interface ComputedScores {
  instance: WorkflowInstanceEntity;
  /** What the workflow's conditions see: `score`, `rating`, `coverage`, `accounts`. */
  result: { score: number | null; rating: string | null; coverage: number | null; accounts: number };
  rows: CycleScoreEntity[];
}

/** Cycles whose pinned template versions this process has read (a cycle's pins never change). */
const PINS_CACHED = 200;

/**
 * The compute step: scores every account an instance covers with the template its cycle pinned for the
 * account's type (the built-in one when none is pinned), the account's override for the quarter on top,
 * trace included. Reading is done before the transition; the rows are stored with it.
 */
@Injectable()
export class ComputeScores {
  private readonly pins = new Map<string, PinnedTemplates>();

  constructor(
    private readonly scorecards: ScorecardsService,
    private readonly cycles: CyclesRepository,
  ) {}

  async forInstance(instance: WorkflowInstanceEntity): Promise<ComputedScores> {
    const period = instance.period;
    const accounts = period ? await this.cycles.accountsByIds(instanceAccounts(instance)) : [];
    const pinned = accounts.length && instance.cycleId ? await this.pinned(instance.cycleId) : {};
    const now = new Date().toISOString();
    const rows: CycleScoreEntity[] = [];
    for (const account of accounts) {
      const card = await this.scorecards.score(account, period!, true, pinned[account.accountType] ?? null);
      rows.push({
        id: randomUUID(),
        cycleId: instance.cycleId ?? '',
        instanceId: instance.id,
        accountId: account.id,
        period: period!,
        score: card.score,
        rating: card.rating,
        coverage: card.coverage,
        scorecard: JSON.stringify(card),
        computedAt: now,
        lockedAt: null,
        version: 1,
      });
    }
    const scored = rows.filter((r) => r.score !== null);
    const mean = (pick: (r: CycleScoreEntity) => number) =>
      scored.length ? roundDecimal(scored.reduce((sum, r) => sum + pick(r), 0) / scored.length, 2) : null;
    const score = mean((r) => r.score!);
    return {
      instance,
      rows,
      result: {
        score,
        // One account: its own rating; several (per account manager): the rating of the mean score.
        rating:
          rows.length === 1
            ? rows[0]!.rating
            : score === null
              ? null
              : (ratingFor(score, DEFAULT_RATING_BANDS)?.rating ?? null),
        coverage: mean((r) => r.coverage ?? 0),
        accounts: rows.length,
      },
    };
  }

  /** The template versions a cycle pinned, read once per process and cycle (they never change). */
  private async pinned(cycleId: string): Promise<PinnedTemplates> {
    let pinned = this.pins.get(cycleId);
    if (!pinned) {
      const cycle = await this.cycles.find(cycleId);
      pinned = cycle?.templates
        ? await this.scorecards.loadPins(JSON.parse(cycle.templates) as TemplatePins)
        : {};
      if (this.pins.size >= PINS_CACHED) this.pins.clear();
      this.pins.set(cycleId, pinned);
    }
    return pinned;
  }

  /** Stores the scores of a cycle instance (replacing an earlier computation of the same instance). */
  async store(manager: EntityManager, computed: ComputedScores): Promise<void> {
    if (computed.instance.cycleId) await this.cycles.upsertScores(manager, computed.rows);
  }
}
