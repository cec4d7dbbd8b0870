import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, type AuditChange } from '@keyscore/audit';
import type { AccountScope } from '@keyscore/auth';
import { NotFoundException } from '@keyscore/http';
import {
  isUniqueViolation,
  nowIso,
  UnitOfWork,
  type AccountEntity,
  type AccountMemberEntity,
  type DepartmentEntity,
  type PersonEntity,
} from '@keyscore/persistence';
import { DirectoryErrorCode, DirectoryException } from './directory.exception';
import { DirectoryRepository, type AccountFilter } from './directory.repository';
import type { CreateAccount, CreateDepartment, CreatePerson } from './directory.schemas';

const ACCOUNT = { en: 'Account', 'zh-CN': '客户' };
const EVERYONE: AccountScope = { all: true };

/** Departments, people and key accounts: checks references and uniqueness, then writes with an audit entry. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly repository: DirectoryRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async createDepartment(input: CreateDepartment): Promise<DepartmentEntity> {
    const duplicate = () =>
      new DirectoryException(DirectoryErrorCode.DuplicateCode, '/body/code', input.code);
    if (await this.repository.findDepartmentByCode(input.code)) throw duplicate();
    const department = { id: randomUUID(), ...input, createdAt: nowIso() };
    await this.write(
      duplicate,
      { action: 'department.create', entityType: 'department', entityId: department.id, after: department },
      (m) => this.repository.insertDepartment(m, department),
    );
    return department;
  }

  listDepartments() {
    return this.repository.listDepartments();
  }

  async createPerson(input: CreatePerson): Promise<PersonEntity> {
    if (!(await this.repository.findDepartment(input.departmentId))) {
      throw new DirectoryException(
        DirectoryErrorCode.UnknownDepartment,
        '/body/departmentId',
        input.departmentId,
      );
    }
    if (input.managerId && !(await this.repository.findPerson(input.managerId))) {
      throw new DirectoryException(DirectoryErrorCode.UnknownPerson, '/body/managerId', input.managerId);
    }
    const duplicateNo = () =>
      new DirectoryException(DirectoryErrorCode.DuplicateCode, '/body/employeeNo', input.employeeNo);
    const clash = await this.repository.findPersonByEmployeeNoOrEmail(input.employeeNo, input.email);
    if (clash?.employeeNo === input.employeeNo) throw duplicateNo();
    if (clash) throw new DirectoryException(DirectoryErrorCode.DuplicateEmail, '/body/email', input.email);
    const now = nowIso();
    const person: PersonEntity = {
      id: randomUUID(),
      ...input,
      managerId: input.managerId ?? null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.write(
      duplicateNo,
      { action: 'person.create', entityType: 'person', entityId: person.id, after: person },
      (m) => this.repository.insertPerson(m, person),
    );
    return person;
  }

  listPeople() {
    return this.repository.listPeople();
  }

  peopleByIds(ids: string[]) {
    return this.repository.findPeople(ids);
  }

  async createAccount(input: CreateAccount) {
    const duplicate = () =>
      new DirectoryException(DirectoryErrorCode.DuplicateCode, '/body/code', input.code);
    if (await this.repository.findAccountByCode(input.code)) throw duplicate();
    const team = input.team ?? [];
    const known = new Set(
      (await this.repository.findPeople([input.managerId, ...team.map((m) => m.personId)])).map((p) => p.id),
    );
    if (!known.has(input.managerId)) {
      throw new DirectoryException(DirectoryErrorCode.UnknownPerson, '/body/managerId', input.managerId);
    }
    const seen = new Set<string>();
    team.forEach((member, i) => {
      if (seen.has(member.personId)) {
        throw new DirectoryException(
          DirectoryErrorCode.DuplicateMember,
          `/body/team/${i}/personId`,
          member.personId,
        );
      }
      seen.add(member.personId);
      if (!known.has(member.personId)) {
        throw new DirectoryException(
          DirectoryErrorCode.UnknownPerson,
          `/body/team/${i}/personId`,
          member.personId,
        );
      }
    });
    const now = nowIso();
    const { team: _team, ...fields } = input;
    const account: AccountEntity = {
      id: randomUUID(),
      ...fields,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const members: AccountMemberEntity[] = team.map((m) => ({ accountId: account.id, ...m }));
    const view = {
      ...account,
      team: members.map(({ personId, function: fn }) => ({ personId, function: fn })),
    };
    await this.write(
      duplicate,
      { action: 'account.create', entityType: 'account', entityId: account.id, after: view },
      (m) => this.repository.insertAccountWithTeam(m, account, members),
    );
    return view;
  }

  /** One account, if the caller may see it; an account out of scope is answered as not found. */
  async getAccount(id: string, scope: AccountScope = EVERYONE) {
    const account = await this.repository.findAccount(id);
    if (!account || !(await this.canSee(id, scope))) throw new NotFoundException(ACCOUNT, '/params/id');
    const members = await this.repository.listMembers(id);
    return { ...account, team: members.map(({ personId, function: fn }) => ({ personId, function: fn })) };
  }

  canSee(accountId: string, scope: AccountScope): Promise<boolean> {
    return scope.all ? Promise.resolve(true) : this.repository.accountVisibleTo(accountId, scope.personIds);
  }

  listAccounts(filter: AccountFilter, scope: AccountScope = EVERYONE) {
    return this.repository.listAccounts(filter, scope.all ? undefined : scope.personIds);
  }

  countAccounts() {
    return this.repository.countAccounts();
  }

  /** The write and its audit entry in one transaction; a unique clash from a concurrent writer is a 409. */
  private async write(
    duplicate: () => Error,
    change: AuditChange,
    work: (manager: EntityManager) => Promise<unknown>,
  ) {
    await this.unitOfWork
      .transaction(async (manager) => {
        await work(manager);
        await this.audit.record(manager, [change]);
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? duplicate() : error;
      });
  }
}
