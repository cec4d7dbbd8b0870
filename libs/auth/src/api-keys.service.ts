import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@keyscore/audit';
import { NotFoundException } from '@keyscore/http';
import { nowIso, UnitOfWork, type ApiKeyEntity } from '@keyscore/persistence';
import { AuthRepository } from './auth.repository';
import type { CreateApiKey } from './auth.schemas';
import { publicApiKey } from './auth.service';
import { newSecret, sha256Hex } from './secret.util';

const API_KEY = { en: 'API key', 'zh-CN': 'API 密钥' };

/** API keys for IT: the secret is returned once, at creation; revocation takes effect on the next call. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateApiKey, createdBy: string) {
    const secret = newSecret('ksk');
    const key: ApiKeyEntity = {
      id: randomUUID(),
      name: input.name,
      prefix: secret.slice(0, 12),
      secretHash: sha256Hex(secret),
      scopes: JSON.stringify(input.scopes),
      createdBy,
      createdAt: nowIso(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.unitOfWork.transaction(async (manager) => {
      await this.repository.insertApiKey(manager, key);
      await this.audit.record(manager, [
        { action: 'api_key.create', entityType: 'api_key', entityId: key.id, after: publicApiKey(key) },
      ]);
    });
    return { ...publicApiKey(key), secret };
  }

  async list() {
    return (await this.repository.listApiKeys()).map(publicApiKey);
  }

  async revoke(id: string) {
    const key = await this.repository.findApiKey(id);
    if (!key) throw new NotFoundException(API_KEY, '/params/id');
    const now = nowIso();
    await this.unitOfWork.transaction(async (manager) => {
      if (await this.repository.revokeApiKey(manager, id, now)) {
        await this.audit.record(manager, [
          {
            action: 'api_key.revoke',
            entityType: 'api_key',
            entityId: id,
            before: publicApiKey(key),
            after: { revokedAt: now },
          },
        ]);
      }
    });
    return publicApiKey((await this.repository.findApiKey(id))!);
  }
}
