import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { ApiKeyEntity, PersonEntity, SessionEntity, UserEntity } from '@keyscore/persistence';

/** Every query on users, sessions and API keys. */
@Injectable()
export class AuthRepository {
  constructor(private readonly dataSource: DataSource) {}

  findUserByEmail(email: string) {
    return this.dataSource.getRepository(UserEntity).findOneBy({ email: email.toLowerCase() });
  }

  findUser(id: string) {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  listUsers() {
    return this.dataSource.getRepository(UserEntity).find({ order: { email: 'ASC' } });
  }

  countAdmins() {
    return this.dataSource.getRepository(UserEntity).countBy({ role: 'admin' });
  }

  personExists(id: string) {
    return this.dataSource.getRepository(PersonEntity).existsBy({ id });
  }

  /** People who report to this person (a reviewer's reach). */
  async directReports(personId: string): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(PersonEntity)
      .find({ select: { id: true }, where: { managerId: personId } });
    return rows.map((r) => r.id);
  }

  insertUser(manager: EntityManager, user: UserEntity) {
    return manager.insert(UserEntity, user);
  }

  insertSession(manager: EntityManager, session: SessionEntity) {
    return manager.insert(SessionEntity, session);
  }

  findLiveSession(tokenHash: string, now: string) {
    return this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.token_hash = :tokenHash AND s.revoked_at IS NULL AND s.expires_at > :now', { tokenHash, now })
      .getOne();
  }

  revokeSession(manager: EntityManager, tokenHash: string, now: string) {
    return manager.update(SessionEntity, { tokenHash, revokedAt: IsNull() }, { revokedAt: now });
  }

  insertApiKey(manager: EntityManager, key: ApiKeyEntity) {
    return manager.insert(ApiKeyEntity, key);
  }

  findApiKeyBySecretHash(secretHash: string) {
    return this.dataSource.getRepository(ApiKeyEntity).findOneBy({ secretHash, revokedAt: IsNull() });
  }

  findApiKey(id: string) {
    return this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id });
  }

  listApiKeys() {
    return this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'ASC' } });
  }

  /** Conditional: only a live key is revoked, so two concurrent revokes audit once. */
  async revokeApiKey(manager: EntityManager, id: string, now: string): Promise<boolean> {
    const result = await manager.update(ApiKeyEntity, { id, revokedAt: IsNull() }, { revokedAt: now });
    return (result.affected ?? 0) > 0;
  }

  touchApiKey(manager: EntityManager, id: string, now: string) {
    return manager.update(ApiKeyEntity, { id }, { lastUsedAt: now });
  }
}
