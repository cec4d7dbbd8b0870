import { Injectable } from '@nestjs/common';
import { AuditService } from '@keyscore/audit';
import { Permission, type Principal } from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import { AppException } from '@keyscore/http';
import { nowIso, UnitOfWork, type AccountEntity } from '@keyscore/persistence';
import {
  BUILTIN_KPIS,
  BUILTIN_METRICS,
  BUILTIN_TEMPLATES,
  scoreAccount,
  whatIf,
  type AccountInput,
  type Adjustment,
  type PreparedScorecard,
} from '@keyscore/scoring';
import { toScoringAdjustment } from './adjustment.mapper';
import { builtinScorecard, TEMPLATE_FOR_ACCOUNT_TYPE } from './builtin-library';
import { periodsForScoring, toPeriodMetrics } from './scorecard-input.util';
import { ScorecardsRepository } from './scorecards.repository';
import type { SetTargets } from './scorecards.schemas';

const PER_ACCOUNT_KPIS = new Set(
  BUILTIN_KPIS.filter((k) => k.target.type === 'per_account').map((k) => k.key),
);

/** Scorecard previews on demand: an account's built-in template applied to its values, with the trace. */
@Injectable()
export class ScorecardsService {
  constructor(
    private readonly directory: DirectoryService,
    private readonly repository: ScorecardsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  library() {
    return { kpis: BUILTIN_KPIS, templates: BUILTIN_TEMPLATES, metrics: BUILTIN_METRICS };
  }

  /**
   * Scores one account for one quarter. Sealed inputs are read only when the caller may see sealed
   * values, so a trace never reveals what its reader may not see.
   */
  async preview(accountId: string, period: string, principal: Principal) {
    const account = await this.directory.getAccount(accountId, principal.accounts);
    return this.score(account, period, principal.permissions.has(Permission.MetricValuesReadSealed));
  }

  /** Scores an account already checked against the caller's scope; sealed inputs only with `seeSealed`. */
  async score(account: AccountEntity, period: string, seeSealed: boolean) {
    const { card, input } = await this.input(account, period, seeSealed);
    return { ...scoreAccount(card, input), account: this.accountView(account) };
  }

  /** What proposed adjustments would change, on top of the approved ones; nothing is stored. */
  async whatIf(account: AccountEntity, period: string, seeSealed: boolean, proposed: Adjustment[]) {
    const { card, input } = await this.input(account, period, seeSealed);
    return whatIf(card, input, proposed);
  }

  private accountView(account: AccountEntity) {
    return {
      id: account.id,
      code: account.code,
      name: account.name,
      nameEn: account.nameEn,
      accountType: account.accountType,
    };
  }

  /** The prepared scorecard of the account's type and everything it reads: values, targets, approved adjustments. */
  private async input(
    account: AccountEntity,
    period: string,
    seeSealed: boolean,
  ): Promise<{ card: PreparedScorecard; input: AccountInput }> {
    const card = builtinScorecard(TEMPLATE_FOR_ACCOUNT_TYPE[account.accountType]);
    const [values, targets, adjustments] = await Promise.all([
      this.repository.values(account.id, periodsForScoring(period)),
      this.repository.targets(account.id, period),
      this.repository.approvedAdjustments(account.id, period),
    ]);
    // The trace copies its inputs: a sealed value must not even reach it unless the reader may see it.
    const visible = seeSealed
      ? values
      : values.map((v) => (v.state === 'sealed' ? { ...v, value: null } : v));
    return {
      card,
      input: {
        account: account.code,
        period,
        metrics: toPeriodMetrics(visible),
        targets: Object.fromEntries(targets.map((t) => [t.kpiKey, t.target])),
        sealedAccess: seeSealed ? BUILTIN_METRICS.map((m) => m.key) : [],
        adjustments: adjustments.map(toScoringAdjustment),
      },
    };
  }

  /** Sets per-account targets (only KPIs whose target rule is per-account), audited, in one transaction. */
  async setTargets(accountId: string, input: SetTargets) {
    await this.directory.getAccount(accountId);
    const unknown = Object.keys(input.targets).filter((key) => !PER_ACCOUNT_KPIS.has(key));
    if (unknown.length) {
      const message = (key: string) => ({
        en: `"${key}" is not a KPI with a per-account target (${[...PER_ACCOUNT_KPIS].join(', ')}).`,
        'zh-CN': `“${key}”不是按客户设定目标的指标（${[...PER_ACCOUNT_KPIS].join('、')}）。`,
      });
      throw new AppException(
        422,
        'scorecards.not_per_account_kpi',
        message(unknown[0]!),
        unknown.map((key) => ({ pointer: `/body/targets/${key}`, message: message(key) })),
      );
    }
    const updatedAt = nowIso();
    const rows = Object.entries(input.targets).map(([kpiKey, target]) => ({
      accountId,
      kpiKey,
      period: input.period,
      target: target as number,
      updatedAt,
    }));
    await this.unitOfWork.transaction(async (manager) => {
      // Read in the same transaction: the audit's "before" is what this write replaced.
      const before = await this.repository.targets(accountId, input.period, manager);
      await this.repository.upsertTargets(manager, rows);
      await this.audit.record(
        manager,
        rows.map((row) => ({
          action: 'account_target.set',
          entityType: 'account_target',
          entityId: `${accountId}/${row.kpiKey}/${row.period}`,
          before: before.find((b) => b.kpiKey === row.kpiKey)?.target,
          after: row.target,
        })),
      );
    });
    return this.repository.targets(accountId, input.period);
  }
}
