import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { JobName, JobQueueService } from '@keyscore/queue';
import { WorkflowClock } from './workflow-clock';

/** Work a committed transition left for the queues. */
export interface PendingWork {
  effects: { id: string; type: 'compute' | 'timer'; runAt: string | null }[];
  notifications: string[];
}

/**
 * Turns committed outbox rows into BullMQ jobs whose ids are the rows' ids, so adding one twice adds
 * nothing. A failure to reach Redis is only logged: the rows are in the database and the reconciler adds
 * the jobs again once Redis is back.
 */
@Injectable()
export class EffectDispatcher {
  private readonly logger = new Logger('Workflow');

  constructor(
    private readonly queue: JobQueueService,
    private readonly clock: WorkflowClock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dispatch(work: PendingWork): Promise<void> {
    const computes = work.effects.filter((e) => e.type === 'compute');
    const timers = work.effects.filter((e) => e.type === 'timer');
    try {
      if (computes.length)
        await this.queue.enqueueMany(
          JobName.WorkflowEffect,
          computes.map((e) => ({ payload: { effectId: e.id }, jobId: e.id })),
        );
      if (timers.length)
        await this.queue.enqueueMany(
          JobName.WorkflowTimer,
          timers.map((e) => ({
            payload: { effectId: e.id },
            jobId: e.id,
            delay: this.clock.delayUntil(e.runAt!),
          })),
        );
      if (work.notifications.length && this.config.notifyWebhook)
        await this.queue.enqueueMany(
          JobName.NotificationDeliver,
          work.notifications.map((id) => ({ payload: { notificationId: id }, jobId: id })),
        );
    } catch (error) {
      this.logger.warn({ err: error }, 'could not enqueue workflow jobs; the reconciler will add them');
    }
  }
}
