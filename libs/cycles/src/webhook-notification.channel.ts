import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { signWebhookPayload } from '@keyscore/webhooks';
import type { NotificationChannel, OutgoingNotification } from './notification-channel';

const TIMEOUT_MS = 10_000;

/**
 * POSTs each notification as JSON to NOTIFY_WEBHOOK_URL (e.g. a chat bot or a mail relay), signed like
 * our inbound webhooks: `X-Keyscore-Signature: sha256=HMAC(secret, "<timestamp>.<body>")`. A non-2xx
 * answer throws, so the delivery job retries with backoff.
 */
@Injectable()
export class WebhookNotificationChannel implements NotificationChannel {
  readonly name = 'webhook';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async deliver(notification: OutgoingNotification): Promise<void> {
    const target = this.config.notifyWebhook;
    if (!target) return;
    const body = JSON.stringify({ type: 'workflow.notification', ...notification });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-keyscore-delivery': notification.id,
      'x-keyscore-timestamp': String(timestamp),
    };
    if (target.secret) headers['x-keyscore-signature'] = signWebhookPayload(target.secret, timestamp, body);
    const response = await fetch(target.url, {
      method: 'POST',
      headers,
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`notification webhook answered ${response.status}`);
  }
}
