import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  AccountEntity,
  AccountMemberEntity,
  DepartmentEntity,
  PersonEntity,
  type AccountType,
  UnitOfWork,
} from '@keyscore/persistence';

export interface AccountFilter {
  accountType?: AccountType;
  region?: string;
  industry?: string;
  managerId?: string;
  limit: number;
  offset: number;
}

/** Every query on departments, people, accounts and account teams. */
@Injectable()
export class DirectoryRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  findDepartment(id: string) {
    return this.dataSource.getRepository(DepartmentEntity).findOneBy({ id });
  }

  findDepartmentByCode(code: string) {
    return this.dataSource.getRepository(DepartmentEntity).findOneBy({ code });
  }

  listDepartments() {
    return this.dataSource.getRepository(DepartmentEntity).find({ order: { code: 'ASC' } });
  }

  insertDepartment(department: DepartmentEntity) {
    return this.dataSource.getRepository(DepartmentEntity).insert(department);
  }

  findPerson(id: string) {
    return this.dataSource.getRepository(PersonEntity).findOneBy({ id });
  }

  findPeople(ids: string[]) {
    return ids.length
      ? this.dataSource.getRepository(PersonEntity).findBy({ id: In(ids) })
      : Promise.resolve([]);
  }

  findPersonByEmployeeNoOrEmail(employeeNo: string, email: string) {
    return this.dataSource.getRepository(PersonEntity).findOne({ where: [{ employeeNo }, { email }] });
  }

  listPeople() {
    return this.dataSource.getRepository(PersonEntity).find({ order: { employeeNo: 'ASC' } });
  }

  insertPerson(person: PersonEntity) {
    return this.dataSource.getRepository(PersonEntity).insert(person);
  }

  findAccount(id: string) {
    return this.dataSource.getRepository(AccountEntity).findOneBy({ id });
  }

  findAccountByCode(code: string) {
    return this.dataSource.getRepository(AccountEntity).findOneBy({ code });
  }

  countAccounts() {
    return this.dataSource.getRepository(AccountEntity).count();
  }

  async listAccounts(filter: AccountFilter): Promise<{ items: AccountEntity[]; total: number }> {
    const where = {
      ...(filter.accountType ? { accountType: filter.accountType } : {}),
      ...(filter.region ? { region: filter.region } : {}),
      ...(filter.industry ? { industry: filter.industry } : {}),
      ...(filter.managerId ? { managerId: filter.managerId } : {}),
    };
    const [items, total] = await this.dataSource.getRepository(AccountEntity).findAndCount({
      where,
      order: { code: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total };
  }

  listMembers(accountId: string) {
    return this.dataSource.getRepository(AccountMemberEntity).findBy({ accountId });
  }

  /** The account and its team in one transaction: both or neither. */
  insertAccountWithTeam(account: AccountEntity, team: AccountMemberEntity[]) {
    return this.unitOfWork.transaction(async (manager) => {
      await manager.insert(AccountEntity, account);
      if (team.length) await manager.insert(AccountMemberEntity, team);
    });
  }
}
