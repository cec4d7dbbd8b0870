import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@keyscore/auth';
import type { Bilingual } from '@keyscore/i18n';
import { JobHandler, JobName, type JobPayloads } from '@keyscore/queue';
import { NOTIFICATION_CHANNEL, type NotificationChannel } from './notification-channel';
import { NotificationsRepository } from './notifications.repository';
import { principalId } from './principal-id.util';

/** The in-app notification list and the delivery of the outbox through the configured channel. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repository: NotificationsRepository,
    @Inject(NOTIFICATION_CHANNEL) private readonly channel: NotificationChannel,
  ) {}

  async mine(principal: Principal) {
    const rows = await this.repository.forRecipient(principalId(principal));
    return rows.map((n) => ({
      id: n.id,
      instanceId: n.instanceId,
      subject: JSON.parse(n.subject) as Bilingual,
      body: JSON.parse(n.body) as Bilingual,
      status: n.status,
      createdAt: n.createdAt,
    }));
  }

  /** Delivers one notification; at least once (a retried job may post again — receivers dedupe on the id). */
  @JobHandler(JobName.NotificationDeliver)
  async deliver({ notificationId }: JobPayloads[JobName.NotificationDeliver]) {
    const row = await this.repository.find(notificationId);
    if (!row || row.status === 'sent') return { skipped: true };
    const recipients = await this.repository.recipients(JSON.parse(row.recipients) as string[]);
    try {
      await this.channel.deliver({
        id: row.id,
        instanceId: row.instanceId,
        recipients,
        subject: JSON.parse(row.subject) as Bilingual,
        body: JSON.parse(row.body) as Bilingual,
        createdAt: row.createdAt,
      });
    } catch (error) {
      await this.repository.markAttempt(row.id, 'failed');
      throw error;
    }
    await this.repository.markAttempt(row.id, 'sent');
    return { channel: this.channel.name };
  }
}
