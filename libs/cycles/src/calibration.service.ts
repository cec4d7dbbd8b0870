import { Injectable } from '@nestjs/common';
import type { Principal } from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import { NotFoundException, ValidationException } from '@keyscore/http';
import { forcedDistribution, normaliseByReviewer, type Quota } from '@keyscore/scoring';
import type { InstanceState } from '@keyscore/workflow';
import { CyclesRepository } from './cycles.repository';
import { visibleAccountIds } from './visible-accounts.util';
import { WorkflowRepository } from './workflow.repository';

const CYCLE = { en: 'Review cycle', 'zh-CN': '考核周期' };
/** The approval step whose approver counts as an account's reviewer (the built-in reviews' manager review). */
const REVIEW_STEP = 'manager_review';

/**
 * The calibration view of a cycle: its scores normalised per reviewer (a lenient and a strict manager on
 * one scale) and a forced distribution over the rating bands, with each band's quota beside what the
 * bands alone would give. Nothing is stored: the committee reads it before approving the calibration step.
 */
@Injectable()
export class CalibrationService {
  constructor(
    private readonly cycles: CyclesRepository,
    private readonly workflows: WorkflowRepository,
    private readonly directory: DirectoryService,
  ) {}

  /** Over the accounts the caller may see (a reviewer: those of the people reporting to them). */
  async view(cycleId: string, quotaText: string, principal: Principal) {
    if (!(await this.cycles.find(cycleId))) throw new NotFoundException(CYCLE, '/params/id');
    const quotas: Quota[] = quotaText.split(',').map((part) => {
      const [rating, share] = part.split(':');
      return { rating: rating!, share: Number(share) };
    });
    const visible = await visibleAccountIds(this.directory, principal.accounts);
    const scores = (await this.cycles.scores(cycleId)).filter(
      (s) => s.score !== null && (!visible || visible.has(s.accountId)),
    );
    const reviewers = await this.reviewerOf(scores.map((s) => s.instanceId));
    const normalised = normaliseByReviewer(
      scores.map((s) => ({
        id: s.accountId,
        reviewer: reviewers.get(s.instanceId) ?? 'none',
        score: s.score!,
      })),
    );
    const distribution = forcedDistribution(
      normalised.items.map((i) => ({ id: i.id, score: i.after })),
      quotas,
    );
    if (distribution.issues.length) {
      throw new ValidationException(
        distribution.issues.map((i) => ({ pointer: `/query/quotas${i.pointer}`, message: i.message })),
      );
    }
    return {
      accounts: scores.length,
      reviewers: normalised.reviewers,
      items: normalised.items,
      quotas: distribution.table,
      assignments: distribution.assignments,
      boundaryTies: distribution.boundaryTies,
    };
  }

  /** Who approved the manager review of each instance (from its history); absent until someone has. */
  private async reviewerOf(instanceIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const instance of await this.workflows.instancesByIds([...new Set(instanceIds)])) {
      const history = (JSON.parse(instance.state) as InstanceState).history;
      const decision = history.findLast(
        (h) => h.stepId === REVIEW_STEP && h.event === 'task.complete' && h.actor,
      );
      if (decision?.actor) out.set(instance.id, decision.actor);
    }
    return out;
  }
}
