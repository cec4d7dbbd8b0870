import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppException } from '@keyscore/http';
import { IdempotencyRecordEntity, nowIso } from '@keyscore/persistence';

/** Who sent the key (keys are per caller) and the key itself. */
export interface IdempotencyScope {
  scope: string;
  key: string;
}

/** A stable fingerprint of a request body, to catch a key reused for a different request. */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export class IdempotencyKeyReusedException extends AppException {
  constructor() {
    const message = {
      en: 'This Idempotency-Key was already used for a different request.',
      'zh-CN': '此 Idempotency-Key 已用于另一个不同的请求。',
    };
    super(409, 'idempotency.key_reused', message, [{ pointer: '/headers/idempotency-key', message }]);
  }
}

/** Stored answers of requests made with an Idempotency-Key, saved in the same transaction as the write. */
@Injectable()
export class IdempotencyService {
  constructor(private readonly dataSource: DataSource) {}

  /** The stored answer for this caller and key; throws when the key was used for another request. */
  async find({ scope, key }: IdempotencyScope, requestHash: string): Promise<unknown | null> {
    const record = await this.dataSource
      .getRepository(IdempotencyRecordEntity)
      .findOneBy({ scope, idempotencyKey: key });
    if (!record) return null;
    if (record.requestHash !== requestHash) throw new IdempotencyKeyReusedException();
    return JSON.parse(record.response) as unknown;
  }

  save(
    manager: EntityManager,
    { scope, key }: IdempotencyScope,
    requestHash: string,
    statusCode: number,
    response: unknown,
  ) {
    return manager.insert(IdempotencyRecordEntity, {
      scope,
      idempotencyKey: key,
      requestHash,
      statusCode,
      response: JSON.stringify(response),
      createdAt: nowIso(),
    });
  }
}
