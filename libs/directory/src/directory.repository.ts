import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  AccountEntity,
  AccountMemberEntity,
  DepartmentEntity,
  PersonEntity,
  type AccountType,
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
  constructor(private readonly dataSource: DataSource) {}

  findDepartment(id: string) {
    return this.dataSource.getRepository(DepartmentEntity).findOneBy({ id });
  }

  findDepartmentByCode(code: string) {
    return this.dataSource.getRepository(DepartmentEntity).findOneBy({ code });
  }

  listDepartments() {
    return this.dataSource.getRepository(DepartmentEntity).find({ order: { code: 'ASC' } });
  }

  insertDepartment(manager: EntityManager, department: DepartmentEntity) {
    return manager.insert(DepartmentEntity, department);
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

  insertPerson(manager: EntityManager, person: PersonEntity) {
    return manager.insert(PersonEntity, person);
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

  /** Accounts matching the filter, limited to `visibleTo` people (manager or team member) when given. */
  async listAccounts(
    filter: AccountFilter,
    visibleTo?: string[],
  ): Promise<{ items: AccountEntity[]; total: number }> {
    const query = this.dataSource.getRepository(AccountEntity).createQueryBuilder('a');
    if (filter.accountType)
      query.andWhere('a.account_type = :accountType', { accountType: filter.accountType });
    if (filter.region) query.andWhere('a.region = :region', { region: filter.region });
    if (filter.industry) query.andWhere('a.industry = :industry', { industry: filter.industry });
    if (filter.managerId) query.andWhere('a.manager_id = :managerId', { managerId: filter.managerId });
    if (visibleTo) this.restrictTo(query, visibleTo);
    const [items, total] = await query
      .orderBy('a.code', 'ASC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
    return { items, total };
  }

  /** Whether one of these people manages or works on the account. */
  async accountVisibleTo(accountId: string, people: string[]): Promise<boolean> {
    const query = this.dataSource
      .getRepository(AccountEntity)
      .createQueryBuilder('a')
      .where('a.id = :accountId', { accountId });
    return (await this.restrictTo(query, people).getCount()) > 0;
  }

  private restrictTo<T extends { andWhere(where: string, params?: object): T }>(
    query: T,
    people: string[],
  ): T {
    if (!people.length) return query.andWhere('1 = 0');
    return query.andWhere(
      '(a.manager_id IN (:...people) OR a.id IN (SELECT m.account_id FROM account_members m WHERE m.person_id IN (:...people)))',
      { people },
    );
  }

  listMembers(accountId: string) {
    return this.dataSource.getRepository(AccountMemberEntity).findBy({ accountId });
  }

  async insertAccountWithTeam(manager: EntityManager, account: AccountEntity, team: AccountMemberEntity[]) {
    await manager.insert(AccountEntity, account);
    if (team.length) await manager.insert(AccountMemberEntity, team);
  }
}
