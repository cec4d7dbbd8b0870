import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  isUniqueViolation,
  nowIso,
  type AccountEntity,
  type AccountMemberEntity,
  type PersonEntity,
} from '@keyscore/persistence';
import { NotFoundException } from '@keyscore/http';
import { DirectoryErrorCode, DirectoryException } from './directory.exception';
import { DirectoryRepository, type AccountFilter } from './directory.repository';
import type { CreateAccount, CreateDepartment, CreatePerson } from './directory.schemas';

const ACCOUNT = { en: 'Account', 'zh-CN': '客户' };

/** Departments, people and key accounts: checks references and uniqueness, then writes. */
@Injectable()
export class DirectoryService {
  constructor(private readonly repository: DirectoryRepository) {}

  async createDepartment(input: CreateDepartment) {
    if (await this.repository.findDepartmentByCode(input.code)) {
      throw new DirectoryException(DirectoryErrorCode.DuplicateCode, '/body/code', input.code);
    }
    const department = { id: randomUUID(), ...input, createdAt: nowIso() };
    await this.repository.insertDepartment(department).catch((error: unknown) => {
      throw isUniqueViolation(error)
        ? new DirectoryException(DirectoryErrorCode.DuplicateCode, '/body/code', input.code)
        : error;
    });
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
    const clash = await this.repository.findPersonByEmployeeNoOrEmail(input.employeeNo, input.email);
    if (clash?.employeeNo === input.employeeNo) {
      throw new DirectoryException(DirectoryErrorCode.DuplicateCode, '/body/employeeNo', input.employeeNo);
    }
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
    await this.repository.insertPerson(person).catch((error: unknown) => {
      throw isUniqueViolation(error)
        ? new DirectoryException(DirectoryErrorCode.DuplicateCode, '/body/employeeNo', input.employeeNo)
        : error;
    });
    return person;
  }

  listPeople() {
    return this.repository.listPeople();
  }

  async createAccount(input: CreateAccount) {
    if (await this.repository.findAccountByCode(input.code)) {
      throw new DirectoryException(DirectoryErrorCode.DuplicateCode, '/body/code', input.code);
    }
    const team = input.team ?? [];
    const known = new Set(
      (await this.repository.findPeople([input.managerId, ...team.map((m) => m.personId)])).map((p) => p.id),
    );
    if (!known.has(input.managerId)) {
      throw new DirectoryException(DirectoryErrorCode.UnknownPerson, '/body/managerId', input.managerId);
    }
    team.forEach((member, i) => {
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
    await this.repository.insertAccountWithTeam(account, members).catch((error: unknown) => {
      throw isUniqueViolation(error)
        ? new DirectoryException(DirectoryErrorCode.DuplicateCode, '/body/code', input.code)
        : error;
    });
    return { ...account, team: members.map(({ personId, function: fn }) => ({ personId, function: fn })) };
  }

  async getAccount(id: string) {
    const account = await this.repository.findAccount(id);
    if (!account) throw new NotFoundException(ACCOUNT, '/params/id');
    const members = await this.repository.listMembers(id);
    return { ...account, team: members.map(({ personId, function: fn }) => ({ personId, function: fn })) };
  }

  listAccounts(filter: AccountFilter) {
    return this.repository.listAccounts(filter);
  }

  countAccounts() {
    return this.repository.countAccounts();
  }
}
