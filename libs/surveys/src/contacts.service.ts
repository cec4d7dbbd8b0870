import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@keyscore/audit';
import type { Principal } from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import { isUniqueViolation, nowIso, UnitOfWork, type AccountContactEntity } from '@keyscore/persistence';
import { SurveysErrorCode, SurveysException } from './surveys.exception';
import type { CreateContact } from './surveys.schemas';
import { SurveysRepository } from './surveys.repository';

/** The people at an account whom surveys go to; read and written within the caller's account scope. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly repository: SurveysRepository,
    private readonly directory: DirectoryService,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async create(accountId: string, input: CreateContact, principal: Principal) {
    await this.directory.getAccount(accountId, principal.accounts);
    const contact: AccountContactEntity = {
      id: randomUUID(),
      accountId,
      name: input.name,
      email: input.email?.toLowerCase() ?? null,
      phone: input.phone ?? null,
      title: input.title ?? null,
      locale: input.locale ?? 'zh-CN',
      createdAt: nowIso(),
      version: 1,
    };
    await this.unitOfWork
      .transaction(async (manager) => {
        await this.repository.insertContact(manager, contact);
        await this.audit.record(manager, [
          {
            action: 'account_contact.create',
            entityType: 'account_contact',
            entityId: contact.id,
            after: contact,
          },
        ]);
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error)
          ? new SurveysException(SurveysErrorCode.DuplicateContact, contact.email ?? '', '/body/email')
          : error;
      });
    return contact;
  }

  async list(accountId: string, principal: Principal) {
    await this.directory.getAccount(accountId, principal.accounts);
    return this.repository.contactsOf([accountId]);
  }
}
