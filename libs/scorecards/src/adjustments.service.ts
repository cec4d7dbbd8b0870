import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@keyscore/audit';
import { Permission, type Principal } from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import { AppException, NotFoundException } from '@keyscore/http';
import { nowIso, UnitOfWork, type AdjustmentEntity } from '@keyscore/persistence';
import { validateAdjustment, type Adjustment } from '@keyscore/scoring';
import { toScoringAdjustment } from './adjustment.mapper';
import { AdjustmentsRepository } from './adjustments.repository';
import type { ProposeAdjustment, WhatIf } from './adjustments.schemas';
import { ScorecardsService } from './scorecards.service';

const ADJUSTMENT = { en: 'Adjustment', 'zh-CN': '调整' };

/**
 * Adjustments for external factors: proposed with a reason, previewed (what-if) without changing anything,
 * and counted only once approved by someone other than the requester. Every step is audited.
 */
@Injectable()
export class AdjustmentsService {
  constructor(
    private readonly repository: AdjustmentsRepository,
    private readonly directory: DirectoryService,
    private readonly scorecards: ScorecardsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async propose(accountId: string, input: ProposeAdjustment, principal: Principal) {
    await this.directory.getAccount(accountId, principal.accounts);
    const requestedBy = actorId(principal);
    const row: AdjustmentEntity = {
      id: randomUUID(),
      accountId,
      period: input.period,
      kind: input.kind,
      kpi: input.kpi,
      indexValue: input.index ?? null,
      target: input.target ?? null,
      reason: input.reason,
      status: 'proposed',
      requestedBy,
      decidedBy: null,
      createdAt: nowIso(),
      decidedAt: null,
      version: 1,
    };
    const issues = validateAdjustment(toScoringAdjustment(row)).map((i) => ({
      pointer: `/body${i.pointer}`,
      message: i.message,
    }));
    if (issues.length) throw new AppException(422, 'adjustments.invalid', issues[0]!.message, issues);
    await this.unitOfWork.transaction(async (manager) => {
      await this.repository.insert(manager, row);
      await this.audit.record(manager, [
        { action: 'adjustment.propose', entityType: 'adjustment', entityId: row.id, after: row },
      ]);
    });
    return row;
  }

  list(accountId: string, period: string, principal: Principal) {
    return this.directory
      .getAccount(accountId, principal.accounts)
      .then(() => this.repository.forAccount(accountId, period));
  }

  /** Approve or reject, once, by someone other than the requester. */
  async decide(id: string, decision: 'approved' | 'rejected', principal: Principal) {
    const row = await this.repository.find(id);
    if (!row) throw new NotFoundException(ADJUSTMENT, '/params/id');
    const decidedBy = actorId(principal);
    if (decision === 'approved' && decidedBy === row.requestedBy) {
      const message = {
        en: 'An adjustment must be approved by someone other than its requester.',
        'zh-CN': '调整须由申请人以外的人员审批。',
      };
      throw new AppException(409, 'adjustments.self_approval', message);
    }
    const changes = { status: decision, decidedBy, decidedAt: nowIso() };
    await this.unitOfWork.transaction(async (manager) => {
      if (!(await this.repository.decide(manager, id, row.version, changes))) {
        const message = { en: 'This adjustment has already been decided.', 'zh-CN': '此调整已处理。' };
        throw new AppException(409, 'adjustments.already_decided', message);
      }
      await this.audit.record(manager, [
        {
          action: `adjustment.${decision === 'approved' ? 'approve' : 'reject'}`,
          entityType: 'adjustment',
          entityId: id,
          before: { status: row.status },
          after: changes,
        },
      ]);
    });
    return { ...row, ...changes, version: row.version + 1 };
  }

  /** Before/after of proposed adjustments, per KPI and in total; nothing is stored. */
  async whatIf(accountId: string, input: WhatIf, principal: Principal) {
    const account = await this.directory.getAccount(accountId, principal.accounts);
    const proposed: Adjustment[] = input.adjustments.map((a, i) => ({
      id: `what-if-${i}`,
      kind: a.kind,
      kpi: a.kpi,
      period: input.period,
      ...(a.index !== undefined ? { index: a.index } : {}),
      ...(a.target !== undefined ? { target: a.target } : {}),
      reason: a.reason,
      status: 'proposed',
    }));
    const result = await this.scorecards.whatIf(
      account,
      input.period,
      principal.permissions.has(Permission.MetricValuesReadSealed),
      proposed,
    );
    return { kpis: result.kpis, total: result.total, rating: result.rating };
  }
}

function actorId(principal: Principal): string {
  return principal.kind === 'user' ? principal.user.id : principal.key.id;
}
