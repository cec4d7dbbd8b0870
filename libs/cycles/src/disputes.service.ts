import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import { NotFoundException } from '@keyscore/http';
import { nowIso, UnitOfWork } from '@keyscore/persistence';
import { createdState } from './instance-data.util';
import { CyclesRepository } from './cycles.repository';
import type { Dispute } from './cycles.schemas';
import { principalId } from './principal-id.util';
import { WorkflowDefinitions } from './workflow-definitions.service';
import { WorkflowRuntime } from './workflow-runtime.service';

const SCORE = { en: 'Score', 'zh-CN': '成绩' };

/** The built-in dispute workflow: an account manager appeals a cycle score with a reason. */
export const DISPUTE_WORKFLOW = 'score_dispute';

@Injectable()
export class DisputesService {
  constructor(
    private readonly cycles: CyclesRepository,
    private readonly definitions: WorkflowDefinitions,
    private readonly directory: DirectoryService,
    private readonly runtime: WorkflowRuntime,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** Opens a dispute of an account's score in a cycle; a reviewer then upholds it or corrects it by an adjustment. */
  async open(cycleId: string, accountId: string, input: Dispute, principal: Principal) {
    const account = await this.directory.getAccount(accountId, principal.accounts);
    const score = await this.cycles.scoreOfAccount(cycleId, accountId);
    if (!score) throw new NotFoundException(SCORE, '/params/accountId');
    const { version } = await this.definitions.latest(DISPUTE_WORKFLOW);
    const now = nowIso();
    const id = randomUUID();
    await this.unitOfWork.transaction((manager) =>
      this.cycles.insertInstances(manager, [
        {
          id,
          cycleId: null,
          workflowKey: DISPUTE_WORKFLOW,
          workflowVersion: version,
          subjectType: 'score',
          subjectId: score.id,
          managerPersonId: account.managerId,
          period: score.period,
          state: JSON.stringify(
            createdState({
              cycle_id: cycleId,
              account_id: accountId,
              score: score.score,
              rating: score.rating,
              reason: input.reason,
              disputed_by: principalId(principal),
            }),
          ),
          status: 'created',
          stage: '',
          createdAt: now,
          updatedAt: now,
          endedAt: null,
          version: 1,
        },
      ]),
    );
    await this.runtime.apply(id, () => ({ type: 'start', at: this.runtime.now() }), { system: true });
    return { instanceId: id };
  }
}
