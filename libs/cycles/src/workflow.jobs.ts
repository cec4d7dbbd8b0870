import { Injectable, Logger } from '@nestjs/common';
import { JobHandler, JobName, type JobPayloads } from '@keyscore/queue';
import type { Effect } from '@keyscore/workflow';
import type { WorkflowInstanceEntity } from '@keyscore/persistence';
import { ComputeScores } from './compute-scores.service';
import { EffectDispatcher } from './effect-dispatcher.service';
import { WorkflowRuntime } from './workflow-runtime.service';
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
   * compute steps they reach in this same job, the batch together (see `compute`); a second delivery
   * finds them started. Other work (timers, notifications, later compute steps) goes to the queues.
   */
  @JobHandler(JobName.WorkflowStart)
  async start({ instanceIds }: JobPayloads[JobName.WorkflowStart]) {
    const created = (await this.repository.instancesByIds(instanceIds)).filter((i) => i.status === 'created');
    const { outcomes, work } = await this.runtime.applyBatch(
      created.map((instance) => ({
        instance,
        event: (current) => (current.status === 'created' ? { type: 'start', at: this.runtime.now() } : null),
      })),
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
    const computes = work.effects.filter((e) => e.type === 'compute');
    await this.dispatcher.dispatch({
      effects: work.effects.filter((e) => e.type !== 'compute'),
      notifications: work.notifications,
    });
    let computed = 0;
    if (computes.length) {
      const started = new Map<string, WorkflowInstanceEntity>();
      for (const outcome of outcomes.values())
        if (outcome.instance) started.set(outcome.instance.id, outcome.instance);
      try {
        computed = await this.compute(
          computes.map((e) => e.id),
          started,
        );
      } catch (error) {
        // Their outbox rows are committed: as jobs, they run (and retry) on their own.
        this.logger.warn({ err: error }, 'compute steps of a start batch failed; queued as jobs');
        await this.dispatcher.dispatch({ effects: computes, notifications: [] });
      }
    }
    return { started: [...outcomes.values()].filter((o) => o.applied).length, computed };
  }

  /** Runs a compute step: scores the instance's accounts, stores them and feeds the result back. */
  @JobHandler(JobName.WorkflowEffect)
  async effect({ effectId }: JobPayloads[JobName.WorkflowEffect]) {
    const computed = await this.compute([effectId]);
    return computed ? { applied: true } : { skipped: true };
  }

  /**
   * Compute steps of many instances: their outbox rows and instances read once, the accounts scored
   * (scoring reads only), then one transaction claims the rows, writes each instance's `compute.done`
   * transition and stores the scores. A row already done is skipped. `known`: instances just written
   * by this process (saves reading them again; a stale one is caught by the version check).
   */
  private async compute(effectIds: string[], known = new Map<string, WorkflowInstanceEntity>()) {
    const rows = (await this.repository.effectsByIds(effectIds)).filter(
      (r) => r.status === 'pending' && r.type === 'compute',
    );
    const missing = rows.map((r) => r.instanceId).filter((id) => !known.has(id));
    for (const instance of await this.repository.instancesByIds(missing)) known.set(instance.id, instance);
    const steps = rows.flatMap((row) => {
      const instance = known.get(row.instanceId);
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
