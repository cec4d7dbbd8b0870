import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';

/**
 * The time workflow events carry. Deadlines and reminders are computed from it, so a staging workspace
 * (or a test) can rehearse a 5-day deadline by moving it ahead with WORKFLOW_CLOCK_OFFSET_MS.
 */
@Injectable()
export class WorkflowClock {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  now(): Date {
    return new Date(Date.now() + this.config.workflow.clockOffsetMs);
  }

  /** Milliseconds from now until `iso` on this clock (0 when it has passed). */
  delayUntil(iso: string): number {
    return Math.max(0, Date.parse(iso) - this.now().getTime());
  }
}
