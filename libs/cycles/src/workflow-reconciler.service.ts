import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { JobName, JobQueueService, QueueName } from '@keyscore/queue';
import { EffectDispatcher } from './effect-dispatcher.service';
import { WorkflowClock } from './workflow-clock';
import { WorkflowRepository } from './workflow.repository';

const PAGE = 2000;

/**
 * Re-creates workflow jobs from the database — at worker start and every WORKFLOW_RECONCILE_MS — so
 * that losing Redis (or a job) loses no work: instances not started, compute effects not executed and
 * timers not fired get their jobs again. Job ids are the rows' ids, so a job still queued is not doubled,
 * and every handler checks its row first, so a job that already ran does nothing.
 */
@Injectable()
export class WorkflowReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkflowReconciler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly repository: WorkflowRepository,
    private readonly queue: JobQueueService,
    private readonly dispatcher: EffectDispatcher,
    private readonly clock: WorkflowClock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.tick(0);
    this.timer = setInterval(
      () => this.tick(this.config.workflow.reconcileMs),
      this.config.workflow.reconcileMs,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass; effects younger than `minAgeMs` are left to the jobs their transition just added. */
  private tick(minAgeMs: number) {
    if (this.running) return;
    this.running = this.reconcile(minAgeMs)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'reconcile failed; retrying next period'))
      .finally(() => (this.running = null));
  }

  async reconcile(
    minAgeMs = 0,
  ): Promise<{ starts: number; effects: number; timers: number; notifications: number }> {
    const counts = { starts: 0, effects: 0, timers: 0, notifications: 0 };
    // Launches stamp instances in real time; a periodic pass leaves the young ones to their launch jobs
    // (whose ids differ from these, so Redis would not drop a duplicate: both would race for the instance).
    const createdBefore = new Date(Date.now() - minAgeMs).toISOString();
    await eachPage(
      (after) => this.repository.createdInstances(createdBefore, PAGE, after),
      async (page) => {
        await this.queue.enqueueMany(
          JobName.WorkflowStart,
          page.map(({ id }) => ({ payload: { instanceIds: [id] }, jobId: `start.${id}` })),
        );
        counts.starts += page.length;
      },
    );
    // The same jobs, under the same ids, as the transitions that wrote these rows enqueued. Transitions
    // stamp outbox rows on the workflow clock (which WORKFLOW_CLOCK_OFFSET_MS may move ahead), so their age
    // is measured on it too; on real time, a moved clock would hide a crashed batch's compute rows.
    const before = new Date(this.clock.now().getTime() - minAgeMs).toISOString();
    await eachPage(
      (after) => this.repository.pendingEffects(['compute', 'timer'], before, PAGE, after),
      async (page) => {
        const effects = page.map((e) => ({ id: e.id, type: e.type as 'compute' | 'timer', runAt: e.runAt }));
        await this.dispatcher.dispatch({ effects, notifications: [] });
        const timers = effects.filter((e) => e.type === 'timer');
        await this.promoteDue(timers.filter((e) => this.clock.delayUntil(e.runAt!) === 0).map((e) => e.id));
        counts.effects += effects.length - timers.length;
        counts.timers += timers.length;
      },
    );
    if (this.config.notifyWebhook) {
      await eachPage(
        (after) => this.repository.undeliveredNotifications(before, PAGE, after),
        async (page) => {
          await this.dispatcher.dispatch({ effects: [], notifications: page.map((n) => n.id) });
          counts.notifications += page.length;
        },
      );
    }
    if (counts.starts || counts.effects || counts.timers || counts.notifications)
      this.logger.log(counts, 'workflow jobs reconciled');
    return counts;
  }

  /**
   * A timer already due whose job still waits in Redis (scheduled on a clock that has since moved, as in a
   * deadline rehearsal) is promoted, so it fires now.
   */
  private async promoteDue(ids: string[]) {
    const queue = this.queue.queue(QueueName.Workflow);
    for (const id of ids) {
      const job = await queue.getJob(id);
      if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
    }
  }
}

/** Runs `handle` over every page `fetch` returns, keyed by the last id of the page before. */
async function eachPage<T extends { id: string }>(
  fetch: (afterId: string) => Promise<T[]>,
  handle: (page: T[]) => Promise<void>,
): Promise<void> {
  for (let after = ''; ;) {
    const page = await fetch(after);
    if (!page.length) return;
    await handle(page);
    after = page[page.length - 1]!.id;
  }
}
