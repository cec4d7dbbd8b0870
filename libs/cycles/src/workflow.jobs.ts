import { Injectable, Logger } from '@nestjs/common';
import { JobHandler, JobName, type JobPayloads } from '@keyscore/queue';
import type { Effect } from '@keyscore/workflow';
import { ComputeScores } from './compute-scores.service';
import { WorkflowRuntime } from './workflow-runtime.service';
import { WorkflowRepository } from './workflow.repository';

/**
 * The workflow's jobs. BullMQ delivers a job at least once; each handler is exactly-once in its effect
 * because the transition it causes claims its outbox row (pending → done) in the same transaction.
 */
@Injectable()
export class WorkflowJobs {
  private readonly logger = new Logger('Workflow');

  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly repository: WorkflowRepository,
    private readonly compute: ComputeScores,
  ) {}

  /** Starts a launched instance (the children of a launch flow); a second delivery finds it started. */
  @JobHandler(JobName.WorkflowStart)
  async start({ instanceId }: JobPayloads[JobName.WorkflowStart]) {
    const outcome = await this.runtime.apply(
      instanceId,
      (instance) => (instance.status === 'created' ? { type: 'start', at: this.runtime.now() } : null),
      { system: true },
    );
    if (!outcome.applied && outcome.instance?.status === 'created') {
      // The core declined the start (e.g. nobody to assign and no admin): say so instead of retrying quietly.
      this.logger.warn(
        { instanceId },
        'workflow instance could not start; see its definition and the directory',
      );
    }
    return { started: outcome.applied };
  }

  /** Runs a compute step: scores the instance's accounts, stores them and feeds the result back. */
  @JobHandler(JobName.WorkflowEffect)
  async effect({ effectId }: JobPayloads[JobName.WorkflowEffect]) {
    const row = await this.repository.findEffect(effectId);
    if (!row || row.status !== 'pending') return { skipped: true };
    const effect = JSON.parse(row.payload) as Extract<Effect, { type: 'compute' }>;
    const instance = await this.repository.findInstance(row.instanceId);
    if (!instance) return { skipped: true };
    // Scoring reads only; its rows are written with the transition, under the claim.
    const computed = await this.compute.forInstance(instance);
    const outcome = await this.runtime.apply(
      instance,
      () => ({
        type: 'compute.done',
        stepId: effect.stepId,
        result: computed.result,
        at: this.runtime.now(),
      }),
      {
        system: true,
        claim: (manager) => this.repository.claimEffect(manager, effectId, this.runtime.now()),
        alongside: (manager) => this.compute.store(manager, computed),
      },
    );
    return { applied: outcome.applied, score: computed.result.score ?? null };
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
