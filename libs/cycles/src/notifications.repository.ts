import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { NotificationEntity, UserEntity, nowIso, type NotificationStatus } from '@keyscore/persistence';

/** Every query on the notification outbox. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(id: string) {
    return this.dataSource.getRepository(NotificationEntity).findOneBy({ id });
  }

  /** Recipients are a JSON array of user ids; user ids are UUIDs, so the quoted id cannot match by accident. */
  forRecipient(userId: string) {
    return this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.recipients LIKE :id', { id: `%"${userId.replace(/[%_"\\]/g, '')}"%` })
      .orderBy('n.created_at', 'DESC')
      .take(100)
      .getMany();
  }

  async recipients(userIds: string[]) {
    const users = userIds.length
      ? await this.dataSource.getRepository(UserEntity).findBy({ id: In(userIds) })
      : [];
    return users.map((u) => ({ userId: u.id, email: u.email, displayName: u.displayName }));
  }

  async markAttempt(id: string, status: NotificationStatus) {
    await this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder()
      .update()
      .set({ status, attempts: () => 'attempts + 1', ...(status === 'sent' ? { sentAt: nowIso() } : {}) })
      .where('id = :id', { id })
      .execute();
  }
}
