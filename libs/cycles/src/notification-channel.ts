import type { Bilingual } from '@keyscore/i18n';

/** A notification as channels receive it: recipients resolved to addresses they can use. */
export interface OutgoingNotification {
  id: string;
  instanceId: string | null;
  recipients: { userId: string; email: string | null; displayName: string | null }[];
  subject: Bilingual;
  body: Bilingual;
  createdAt: string;
}

/**
 * Where notifications leave Keyscore. The webhook channel is built in; an email channel implements the
 * same interface (one `deliver` that throws to be retried) and is registered in its place.
 */
export interface NotificationChannel {
  readonly name: string;
  deliver(notification: OutgoingNotification): Promise<void>;
}

export const NOTIFICATION_CHANNEL = Symbol('NotificationChannel');
