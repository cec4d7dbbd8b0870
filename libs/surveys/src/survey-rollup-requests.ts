import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { JobName, JobQueueService } from '@keyscore/queue';

/** How long after the end of its second a roll-up starts: room for clocks of several api processes. */
const ROLLUP_MARGIN_MS = 250;

/**
 * How long the roll-ups asked for wait to be added together. Well inside the margin, so a job is in Redis
 * long before it is due; one add per window instead of one per event-loop turn (a BullMQ bulk add costs
 * this process about 130 µs whatever its size: under load that was 5–10% of a public submit's CPU time).
 */
const FLUSH_WINDOW_MS = 100;

/** Entries of the per-account memory before it is cleared (one per account answered in the last second). */
const REMEMBERED_ACCOUNTS = 10_000;

interface Requested {
  campaignId: string;
  accountId: string;
  second: number;
}

/**
 * The roll-ups that stored answers ask for. At most one job per account and second, delayed past the end
 * of that second: it starts after every answer committed in that second (by any api process), and a burst
 * of answers is one job instead of one each. The jobs asked for within FLUSH_WINDOW_MS are added together
 * (one round trip), and nobody waits for them: an answer is stored and answered without a trip to Redis.
 *
 * If Redis cannot take them (down, or the process stops in between) the answers are still stored: the
 * account's next answer asks again, and closing the campaign rolls every account up. Shutting down waits
 * for the adds already on their way.
 */
@Injectable()
export class SurveyRollupRequests implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Surveys');
  /** The second whose roll-up this process last asked for, per campaign and account. */
  private readonly asked = new Map<string, number>();
  private pending: Requested[] = [];
  private flushTimer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly queue: JobQueueService) {}

  /** Asks for the account's roll-up after this second (once per second); returns at once. */
  request(campaignId: string, accountId: string): void {
    const second = Math.floor(Date.now() / 1000);
    const key = `${campaignId}.${accountId}`;
    if (this.asked.get(key) === second) return;
    if (this.asked.size >= REMEMBERED_ACCOUNTS) this.asked.clear();
    this.asked.set(key, second);
    if (this.pending.push({ campaignId, accountId, second }) === 1)
      this.flushTimer = setTimeout(() => this.flush(), FLUSH_WINDOW_MS);
  }

  /** Adds the jobs asked for in this window, in one round trip. */
  private flush(): void {
    clearTimeout(this.flushTimer);
    const requested = this.pending;
    if (!requested.length) return;
    this.pending = [];
    const now = Date.now();
    const adding = this.queue
      .enqueueMany(
        JobName.SurveyRollup,
        requested.map(({ campaignId, accountId, second }) => ({
          payload: { campaignId, accountId },
          jobId: `survey-rollup.${campaignId}.${accountId}.${second}`,
          delay: Math.max(1, (second + 1) * 1000 + ROLLUP_MARGIN_MS - now),
        })),
      )
      .catch((error: unknown) => {
        // Forget these seconds, so the accounts' next answers ask again.
        for (const r of requested) {
          const key = `${r.campaignId}.${r.accountId}`;
          if (this.asked.get(key) === r.second) this.asked.delete(key);
        }
        this.logger.warn({ err: error, jobs: requested.length }, 'could not enqueue survey roll-ups');
      })
      .finally(() => this.inFlight.delete(adding));
    this.inFlight.add(adding);
  }

  /** Before the queue's connection closes: the adds on their way (and this window's) reach Redis. */
  async beforeApplicationShutdown(): Promise<void> {
    this.flush();
    await Promise.all([...this.inFlight]);
  }
}
