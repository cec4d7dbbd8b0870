import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccountEntity, CycleScoreEntity, WorkflowInstanceEntity } from '@keyscore/persistence';
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
  /** The KPI definition sets the rows name (`scorecard_definitions`), stored with them. */
  definitions: DefinitionSet[];
}

/** One row of `scorecard_definitions`: KPI key → definition, as JSON, and its SHA-256. */
interface DefinitionSet {
  hash: string;
  content: string;
}

type ScoreCard = Awaited<ReturnType<ScorecardsService['scoreMany']>>[number];

/** Cycles whose pinned template versions this process has read (a cycle's pins never change). */
const PINS_CACHED = 200;
/** Definition sets this process has hashed (one per prepared scorecard: per template, or per override). */
const SETS_CACHED = 1000;
/** Hashes of definition sets this process has seen stored (committed: they are never deleted). */
const STORED_SETS_KNOWN = 10_000;

/**
 * The compute step: scores every account an instance covers with the template its cycle pinned for the
 * account's type (the built-in one when none is pinned), the account's override for the quarter on top,
 * trace included. Reading is done before the transition; the rows are stored with it.
 */
@Injectable()
export class ComputeScores {
  private readonly pins = new Map<string, Promise<PinnedTemplates>>();
  /** A number per definition object: a prepared scorecard shares one object per KPI across its scores. */
  private readonly definitionIds = new WeakMap<object, number>();
  private readonly sets = new Map<string, DefinitionSet>();
  private nextDefinitionId = 0;
  private readonly storedSets = new Set<string>();

  constructor(
    private readonly scorecards: ScorecardsService,
    private readonly cycles: CyclesRepository,
  ) {}

  async forInstance(instance: WorkflowInstanceEntity): Promise<ComputedScores> {
    return (await this.forInstances([instance]))[0]!;
  }

  /**
   * Several instances at once (a launch batch): their accounts in one read, each cycle's pins once, the
   * inputs of the accounts of one cycle and quarter read together (`scoreMany`). The same scores as one
   * instance at a time.
   */
  async forInstances(instances: readonly WorkflowInstanceEntity[]): Promise<ComputedScores[]> {
    const wanted = instances.flatMap((i) => (i.period ? instanceAccounts(i) : []));
    const found = new Map((await this.cycles.accountsByIds([...new Set(wanted)])).map((a) => [a.id, a]));
    const accountsOf = (instance: WorkflowInstanceEntity) =>
      instance.period
        ? instanceAccounts(instance).flatMap((id) => {
            const account = found.get(id);
            return account ? [account] : [];
          })
        : [];
    // Accounts scored per cycle and quarter (the same pins and period for all of them).
    const groups = new Map<
      string,
      { cycleId: string | null; period: string; accounts: Map<string, AccountEntity> }
    >();
    for (const instance of instances) {
      const accounts = accountsOf(instance);
      if (!accounts.length) continue;
      const key = `${instance.cycleId ?? ''}\u0000${instance.period}`;
      let group = groups.get(key);
      if (!group)
        groups.set(
          key,
          (group = { cycleId: instance.cycleId, period: instance.period!, accounts: new Map() }),
        );
      for (const account of accounts) group.accounts.set(account.id, account);
    }
    const cards = new Map<string, Map<string, ScoreCard>>();
    for (const [key, group] of groups) {
      const pinned = group.cycleId ? await this.pinned(group.cycleId) : {};
      const accounts = [...group.accounts.values()];
      const scored = await this.scorecards.scoreMany(
        accounts,
        group.period,
        true,
        (account) => pinned[account.accountType] ?? null,
      );
      cards.set(key, new Map(accounts.map((a, n) => [a.id, scored[n]!])));
    }
    const now = new Date().toISOString();
    const computed = instances.map((instance) => {
      const ofGroup = cards.get(`${instance.cycleId ?? ''}\u0000${instance.period}`);
      const definitions = new Map<string, DefinitionSet>();
      const rows: CycleScoreEntity[] = accountsOf(instance).map((account) => {
        const card = ofGroup!.get(account.id)!;
        const set = this.definitionSet(card);
        definitions.set(set.hash, set);
        return {
          id: randomUUID(),
          cycleId: instance.cycleId ?? '',
          instanceId: instance.id,
          accountId: account.id,
          period: instance.period!,
          score: card.score,
          rating: card.rating,
          coverage: card.coverage,
          // Without the definitions: they are the same for every account of a template (the set's hash).
          scorecard: JSON.stringify({ ...card, kpis: card.kpis.map(({ definition: _, ...kpi }) => kpi) }),
          definitions: set.hash,
          computedAt: now,
          lockedAt: null,
          version: 1,
        };
      });
      return summarise(instance, rows, [...definitions.values()]);
    });
    return this.withoutStoredSets(computed);
  }

  /**
   * Leaves out the definition sets already stored (nearly all: a cycle has a few), so that concurrent
   * batches do not each insert the same set and wait for one another's commit on its key.
   */
  private async withoutStoredSets(computed: ComputedScores[]): Promise<ComputedScores[]> {
    const unknown = [...new Set(computed.flatMap((c) => c.definitions.map((d) => d.hash)))].filter(
      (hash) => !this.storedSets.has(hash),
    );
    if (unknown.length) {
      if (this.storedSets.size >= STORED_SETS_KNOWN) this.storedSets.clear();
      for (const hash of await this.cycles.storedDefinitions(unknown)) this.storedSets.add(hash);
    }
    return computed.map((c) => ({
      ...c,
      definitions: c.definitions.filter((d) => !this.storedSets.has(d.hash)),
    }));
  }

  /** The definitions of a scorecard's KPIs as one set, hashed once per prepared scorecard. */
  private definitionSet(card: ScoreCard): DefinitionSet {
    const key = card.kpis.map((k) => this.definitionId(k.definition)).join(',');
    let set = this.sets.get(key);
    if (!set) {
      const content = JSON.stringify(Object.fromEntries(card.kpis.map((k) => [k.kpi, k.definition])));
      set = { hash: createHash('sha256').update(content).digest('hex'), content };
      if (this.sets.size >= SETS_CACHED) this.sets.clear();
      this.sets.set(key, set);
    }
    return set;
  }

  private definitionId(definition: object): number {
    let id = this.definitionIds.get(definition);
    if (id === undefined) this.definitionIds.set(definition, (id = this.nextDefinitionId++));
    return id;
  }

  /** The template versions a cycle pinned, read once per process and cycle (they never change). */
  private pinned(cycleId: string): Promise<PinnedTemplates> {
    let pinned = this.pins.get(cycleId);
    if (!pinned) {
      pinned = this.cycles
        .find(cycleId)
        .then((cycle) =>
          cycle?.templates ? this.scorecards.loadPins(JSON.parse(cycle.templates) as TemplatePins) : {},
        );
      pinned.catch(() => this.pins.delete(cycleId));
      if (this.pins.size >= PINS_CACHED) this.pins.clear();
      this.pins.set(cycleId, pinned);
    }
    return pinned;
  }

  /** Stores the scores of cycle instances (replacing an earlier computation of the same instance). */
  async store(manager: EntityManager, ...computed: ComputedScores[]): Promise<void> {
    const stored = computed.filter((c) => c.instance.cycleId);
    const sets = new Map(stored.flatMap((c) => c.definitions.map((d) => [d.hash, d] as const)));
    // In one order, so two batches inserting the same sets cannot deadlock on their keys.
    await this.cycles.storeDefinitions(
      manager,
      [...sets.values()].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0)),
    );
    const rows = stored.flatMap((c) => c.rows);
    if (rows.length) await this.cycles.upsertScores(manager, rows);
  }
}

/** What the workflow's conditions see of an instance's scores. */
function summarise(
  instance: WorkflowInstanceEntity,
  rows: CycleScoreEntity[],
  definitions: DefinitionSet[],
): ComputedScores {
  const scored = rows.filter((r) => r.score !== null);
  const mean = (pick: (r: CycleScoreEntity) => number) =>
    scored.length ? roundDecimal(scored.reduce((sum, r) => sum + pick(r), 0) / scored.length, 2) : null;
  const score = mean((r) => r.score!);
  return {
    instance,
    rows,
    definitions,
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
