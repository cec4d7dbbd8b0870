import { Injectable } from '@nestjs/common';
import { AuditService } from '@keyscore/audit';
import type { Principal } from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import { AppException, NotFoundException } from '@keyscore/http';
import { nowIso, UnitOfWork, type ContributionSplitEntity } from '@keyscore/persistence';
import {
  rollUpContributions,
  validateSplit,
  type AccountResult,
  type ContributionSplit,
} from '@keyscore/scoring';
import { ContributionsRepository } from './contributions.repository';
import type { SetContributions } from './contributions.schemas';
import { ScorecardsService } from './scorecards.service';

interface StoredShare {
  personId: string;
  departmentId: string;
  percent: number;
}

const PERSON = { en: 'Person', 'zh-CN': '人员' };
const DEPARTMENT = { en: 'Department', 'zh-CN': '部门' };

/**
 * Contribution splits and the per-person and per-department scores they give: the credit-weighted
 * combination of the scores of the accounts a person or department is credited on.
 */
@Injectable()
export class ContributionsService {
  constructor(
    private readonly repository: ContributionsRepository,
    private readonly directory: DirectoryService,
    private readonly scorecards: ScorecardsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async set(accountId: string, input: SetContributions) {
    const account = await this.directory.getAccount(accountId);
    const people = new Map(
      (await this.directory.peopleByIds(input.shares.map((s) => s.personId))).map((p) => [p.id, p]),
    );
    const unknown = input.shares.findIndex((s) => !people.has(s.personId));
    if (unknown >= 0) {
      const message = {
        en: `No person with id "${input.shares[unknown]!.personId}".`,
        'zh-CN': `人员“${input.shares[unknown]!.personId}”不存在。`,
      };
      throw new AppException(422, 'contributions.unknown_person', message, [
        { pointer: `/body/shares/${unknown}/personId`, message },
      ]);
    }
    const shares: StoredShare[] = input.shares.map((s) => ({
      ...s,
      departmentId: people.get(s.personId)!.departmentId,
    }));
    const issues = validateSplit(
      this.toSplit(account.code, input.period, input.mode, input.overlayCap ?? null, shares),
      '/body',
    );
    if (issues.length) {
      const errors = issues.map((i) => ({
        pointer: i.pointer.replace(/\/person$/, '/personId'),
        message: i.message,
      }));
      throw new AppException(422, 'contributions.invalid_split', errors[0]!.message, errors);
    }
    const before = await this.repository.find(accountId, input.period);
    const split: ContributionSplitEntity = {
      accountId,
      period: input.period,
      mode: input.mode,
      overlayCap: input.overlayCap ?? null,
      shares: JSON.stringify(shares),
      updatedAt: nowIso(),
      version: 1,
    };
    await this.unitOfWork.transaction(async (manager) => {
      await this.repository.upsert(manager, split);
      await this.audit.record(manager, [
        {
          action: 'contribution_split.set',
          entityType: 'contribution_split',
          entityId: `${accountId}/${input.period}`,
          before: before ? JSON.parse(before.shares) : undefined,
          after: shares,
        },
      ]);
    });
    return this.view(split);
  }

  async get(accountId: string, period: string, principal: Principal) {
    await this.directory.getAccount(accountId, principal.accounts);
    const split = await this.repository.find(accountId, period);
    if (!split)
      throw new NotFoundException({ en: 'Contribution split', 'zh-CN': '贡献分配' }, '/query/period');
    return this.view(split);
  }

  /** A person's score; visible to those who see everyone, to the person and to their reviewer. */
  async personScore(personId: string, period: string, principal: Principal) {
    if (!principal.accounts.all && !principal.accounts.personIds.includes(personId))
      throw new NotFoundException(PERSON, '/params/id');
    const result = await this.rollUp(period, (s) => s.personId === personId);
    const person = result.people.find((p) => p.id === personId);
    if (!person) throw new NotFoundException(PERSON, '/params/id');
    return { period, ...person };
  }

  /** A department's score; only for callers who see every account. */
  async departmentScore(departmentId: string, period: string, principal: Principal) {
    if (!principal.accounts.all) throw new NotFoundException(DEPARTMENT, '/params/id');
    const result = await this.rollUp(period, (s) => s.departmentId === departmentId);
    const department = result.departments.find((d) => d.id === departmentId);
    if (!department) throw new NotFoundException(DEPARTMENT, '/params/id');
    return { period, ...department };
  }

  /** Scores the accounts whose split credits someone matching `involves`, then rolls the credit up. */
  private async rollUp(period: string, involves: (share: StoredShare) => boolean) {
    const splits = (await this.repository.forPeriod(period)).filter((s) =>
      (JSON.parse(s.shares) as StoredShare[]).some(involves),
    );
    // Scoring reads the accounts with full access: only the combined score leaves this service. Each is
    // scored with the template in force for it in the quarter (a cycle's pinned version, else its built-in).
    const accounts = [];
    for (const split of splits) accounts.push(await this.directory.getAccount(split.accountId));
    const scores = await this.scorecards.scoreInForce(accounts, period, false);
    const results: AccountResult[] = [];
    const forScoring: ContributionSplit[] = [];
    for (const [i, split] of splits.entries()) {
      const account = accounts[i]!;
      results.push({ account: account.code, period, score: scores[i]!.score });
      forScoring.push(
        this.toSplit(
          account.code,
          period,
          split.mode,
          split.overlayCap,
          JSON.parse(split.shares) as StoredShare[],
        ),
      );
    }
    return rollUpContributions(results, forScoring);
  }

  private toSplit(
    account: string,
    period: string,
    mode: 'split' | 'overlay',
    overlayCap: number | null,
    shares: StoredShare[],
  ): ContributionSplit {
    return {
      account,
      period,
      mode,
      ...(overlayCap !== null ? { overlayCap } : {}),
      shares: shares.map((s) => ({ person: s.personId, department: s.departmentId, percent: s.percent })),
    };
  }

  private view(split: ContributionSplitEntity) {
    return {
      accountId: split.accountId,
      period: split.period,
      mode: split.mode,
      overlayCap: split.overlayCap,
      shares: JSON.parse(split.shares) as StoredShare[],
      updatedAt: split.updatedAt,
    };
  }
}
