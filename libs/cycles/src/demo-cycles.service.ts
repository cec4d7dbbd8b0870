import { Injectable, Logger } from '@nestjs/common';
import { DocumentsService } from '@keyscore/documents';
import type { FormDocument } from '@keyscore/forms';
import { CyclesRepository } from './cycles.repository';
import { CyclesService } from './cycles.service';
import { demoAnswers } from './demo-answers.util';
import { TaskForms } from './task-forms.service';
import { WorkflowJobs } from './workflow.jobs';
import { WorkflowRuntime } from './workflow-runtime.service';
import { WorkflowRepository } from './workflow.repository';

const REVIEW = 'quarterly_review';

/**
 * The demo workspace's cycles: 2026-Q1 run to the end through the engine (every task completed by its
 * assignee with a comment, every compute step executed) and closed; 2026-Q2 launched and left running.
 */
@Injectable()
export class DemoCycles {
  private readonly logger = new Logger('DemoCycles');

  constructor(
    private readonly cycles: CyclesService,
    private readonly cyclesRepository: CyclesRepository,
    private readonly workflows: WorkflowRepository,
    private readonly runtime: WorkflowRuntime,
    private readonly jobs: WorkflowJobs,
    private readonly forms: TaskForms,
    private readonly documents: DocumentsService,
  ) {}

  async seed(): Promise<void> {
    if ((await this.cyclesRepository.list()).length) return;
    const q1 = await this.cycles.create(
      {
        name: '2026年第一季度大客户考核 / 2026 Q1 key-account review',
        period: '2026-Q1',
        workflow: { key: REVIEW },
        granularity: 'account',
      },
      null,
    );
    await this.cycles.launch(q1.id, { startInline: true });
    await this.finish(q1.id);
    await this.cycles.close(q1.id, { reason: '2026 Q1 published', force: false }, null);
    const q2 = await this.cycles.create(
      {
        name: '2026年第二季度大客户考核 / 2026 Q2 key-account review',
        period: '2026-Q2',
        workflow: { key: REVIEW },
        granularity: 'account',
      },
      null,
    );
    const launched = await this.cycles.launch(q2.id);
    this.logger.log({ finished: q1.id, running: q2.id, instances: launched.instances }, 'demo cycles loaded');
  }

  /** Drives every instance of a cycle to its end: compute steps run here, tasks are completed by their assignees. */
  private async finish(cycleId: string) {
    for (let pass = 0; pass < 40; pass++) {
      const open = (await this.workflows.instancesOfCycle(cycleId)).filter((i) => i.status === 'running');
      if (!open.length) return;
      for (const [n, instance] of open.entries()) {
        for (const effect of await this.workflows.pendingEffectsOf(instance.id)) {
          if (effect.type === 'compute') await this.jobs.effect({ effectId: effect.id });
        }
        for (const task of await this.workflows.openTasksOfInstance(instance.id)) {
          const form = task.form ? (JSON.parse(task.form) as { key: string; version?: number }) : null;
          const data = form
            ? await this.forms.validate(form, { data: demoAnswers(await this.formDocument(form), n) })
            : undefined;
          await this.runtime.apply(instance.id, () => ({
            type: 'task.complete',
            taskId: task.taskKey,
            actor: task.assigneeUserId,
            outcome: task.kind === 'form' ? 'submit' : 'approve',
            comment: task.kind === 'form' ? '已提交 / Submitted' : '同意 / Agreed',
            ...(data ? { data } : {}),
            at: this.runtime.now(),
          }));
        }
      }
    }
    this.logger.warn({ cycleId }, 'demo cycle did not finish within 40 passes');
  }

  private async formDocument(ref: { key: string; version?: number }): Promise<FormDocument> {
    return (await this.documents.published('form', ref.key, ref.version))!.content as FormDocument;
  }
}
