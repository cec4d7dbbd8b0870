import { Injectable, Logger } from '@nestjs/common';
import { JobHandler, JobName, type JobPayloads } from '@keyscore/queue';
import type { Effect } from '@keyscore/workflow';
import type { WorkflowInstanceEntity } from '@keyscore/persistence';
import { ComputeScores, type ComputedScores } from './compute-scores.service';
import { EffectDispatcher } from './effect-dispatcher.service';
import { WorkflowRuntime, type BatchItem, type Previewed } from './workflow-runtime.service';
import { WorkflowRepository } from './workflow.repository';

/**
 * The workflow's jobs. BullMQ delivers a job at least once; each handler is exactly-once in its effect
 * because the transition it causes claims its outbox row (pending → done) in the same transaction (a
 * start: the instance is written conditionally on its version, and only a `created` one starts).
 */
@Injectable()
export class WorkflowJobs {
  private readonly logger = new Logger('Workflow');

  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly repository: WorkflowRepository,
    private readonly scores: ComputeScores,
    private readonly dispatcher: EffectDispatcher,
  ) {}

  /**
   * Starts launched instances (a launch batch, or one the reconciler found not started) and runs the
   * compute steps they reach in the same transaction: the core says which starts reach one, those
   * instances are scored first (scoring reads only, outside the transaction: inside it, it would hold a
   * pooled connection while waiting for another), then one transaction writes each start and its
   * `compute.done` (two transitions, two versions), the compute rows already done, and the scores. A second
   * delivery finds them started. Other work (timers, notifications, later compute steps) goes to the queues.
   */
  @JobHandler(JobName.WorkflowStart)
  async start({ instanceIds }: JobPayloads[JobName.WorkflowStart]) {
    const created = (await this.repository.instancesByIds(instanceIds)).filter((i) => i.status === 'created');
    const starts = created.map((instance) => ({
      instance,
      event: (current: WorkflowInstanceEntity) =>
        current.status === 'created' ? { type: 'start' as const, at: this.runtime.now() } : null,
    }));
    const previews = await this.runtime.preview(starts);
    const scored = await this.scoreReached(starts, previews);
    const { outcomes, work } = await this.runtime.applyBatch(
      starts.map((item) => ({
        ...item,
        previewed: previews.get(item.instance.id),
        then: (effects: readonly Effect[]) => {
          const effect = effects.find(isCompute);
          const computed = scored.get(item.instance.id);
          if (!effect || !computed) return null;
          return {
            effect,
            event: {
              type: 'compute.done' as const,
              stepId: effect.stepId,
              result: computed.result,
              at: this.runtime.now(),
            },
          };
        },
      })),
      (manager, _applied, followed) => this.scores.store(manager, ...followed.map((i) => scored.get(i.id)!)),
    );
    for (const instance of created) {
      const outcome = outcomes.get(instance.id);
      if (!outcome?.applied && outcome?.instance?.status === 'created') {
        // The core declined the start (e.g. nobody to assign and no admin): say so instead of retrying quietly.
        this.logger.warn(
          { instanceId: instance.id },
          'workflow instance could not start; see its definition and the directory',
        );
      }
    }
    // Compute steps not run here (scoring failed, a lost race, a second one) are jobs of their own.
    await this.dispatcher.dispatch(work);
    const applied = [...outcomes.values()].filter((o) => o.applied);
    return { started: applied.length, computed: applied.filter((o) => o.followed).length };
  }

  /**
   * The scores of the instances whose start reaches a compute step (scoring does not depend on the
   * instance's state, only on its accounts and period). None when scoring fails: the starts are then
   * written alone and their compute steps queued as jobs, which retry on their own.
   */
  private async scoreReached(
    starts: Pick<BatchItem, 'instance'>[],
    previews: Map<string, Previewed>,
  ): Promise<Map<string, ComputedScores>> {
    const reaching = starts.map((s) => s.instance).filter((i) => reachesCompute(previews.get(i.id)));
    if (!reaching.length) return new Map();
    try {
      return new Map((await this.scores.forInstances(reaching)).map((c) => [c.instance.id, c]));
    } catch (error) {
      this.logger.warn({ err: error }, 'scoring a start batch failed; its compute steps are queued as jobs');
      return new Map();
    }
  }

  /** Runs a compute step: scores the instance's accounts, stores them and feeds the result back. */
  @JobHandler(JobName.WorkflowEffect)
  async effect({ effectId }: JobPayloads[JobName.WorkflowEffect]) {
    const computed = await this.compute([effectId]);
    return computed ? { applied: true } : { skipped: true };
  }

  /**
   * Compute steps: their outbox rows and instances read, the accounts scored (scoring reads only), then
   * one transaction claims the rows, writes each instance's `compute.done` transition and stores the
   * scores. A row already done is skipped.
   */
  private async compute(effectIds: string[]) {
    const rows = (await this.repository.effectsByIds(effectIds)).filter(
      (r) => r.status === 'pending' && r.type === 'compute',
    );
    const instances = new Map(
      (await this.repository.instancesByIds(rows.map((r) => r.instanceId))).map((i) => [i.id, i]),
    );
    const steps = rows.flatMap((row) => {
      const instance = instances.get(row.instanceId);
      const effect = JSON.parse(row.payload) as Extract<Effect, { type: 'compute' }>;
      return instance ? [{ row, instance, effect }] : [];
    });
    if (!steps.length) return 0;
    const scores = await this.scores.forInstances(steps.map((s) => s.instance));
    const byInstance = new Map(scores.map((c) => [c.instance.id, c]));
    const { outcomes, work } = await this.runtime.applyBatch(
      steps.map(({ row, instance, effect }) => {
        const computed = byInstance.get(instance.id)!;
        return {
          instance,
          claim: row.id,
          event: () => ({
            type: 'compute.done' as const,
            stepId: effect.stepId,
            result: computed.result,
            at: this.runtime.now(),
          }),
          alongside: (manager) => this.scores.store(manager, computed),
        };
      }),
      (manager, applied) => this.scores.store(manager, ...applied.map((i) => byInstance.get(i.id)!)),
    );
    await this.dispatcher.dispatch(work);
    return [...outcomes.values()].filter((o) => o.applied).length;
  }

  /** The parent of a launch flow: runs once every start job of the cycle has completed. */
  @JobHandler(JobName.CycleLaunched)
  async launched({ cycleId }: JobPayloads[JobName.CycleLaunched]) {
    const waiting = await this.repository.countCreated(cycleId);
    return { cycleId, allStarted: waiting === 0, waiting };
  }

  /** A deadline, reminder or wait: due now (on the workflow clock). */
  @JobHandler(JobName.WorkflowTimer)
  async timer({ effectId }: JobPayloads[JobName.WorkflowTimer]) {
    const row = await this.repository.findEffect(effectId);
    if (!row || row.status !== 'pending') return { skipped: true };
    const effect = JSON.parse(row.payload) as Extract<Effect, { type: 'timer.schedule' }>;
    const now = this.runtime.now();
    // A job that ran early (the clock moved back, or Redis delayed it oddly) leaves the timer pending.
    if (effect.at > now) return { early: true };
    const outcome = await this.runtime.apply(
      row.instanceId,
      () => ({ type: 'timer.fire', timerId: effect.timerId, at: now }),
      { system: true, claim: (manager) => this.repository.claimEffect(manager, effectId, now) },
    );
    return { fired: outcome.applied };
  }
}

/** The previewed transition was accepted, changes the instance and reaches a compute step. */
function reachesCompute(previewed: Previewed | undefined): boolean {
  const result = previewed?.result;
  return !!result?.ok && result.changed && result.effects.some(isCompute);
}

function isCompute(effect: Effect): effect is Extract<Effect, { type: 'compute' }> {
  return effect.type === 'compute';
}
