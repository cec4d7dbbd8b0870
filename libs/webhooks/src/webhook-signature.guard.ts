import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import { setCurrentActor } from '@keyscore/audit';
import type { RequestWithRawBody } from '@keyscore/http';
import type { VerifiedWebhook } from './verified-webhook';
import { WEBHOOK_TOLERANCE_SECONDS, verifyWebhookSignature } from './verify-webhook-signature.util';
import { activeSecrets } from './webhook-endpoint.view';
import { WebhookRateLimit } from './webhook-rate-limit';
import { WebhooksErrorCode, WebhooksException } from './webhooks.exception';
import { WebhooksRepository } from './webhooks.repository';
import { WEBHOOK_KEY_PATTERN } from './webhooks.schemas';

export const TIMESTAMP_HEADER = 'x-keyscore-timestamp';
export const SIGNATURE_HEADER = 'x-keyscore-signature';
export const DELIVERY_HEADER = 'x-keyscore-delivery';

const KEY = new RegExp(WEBHOOK_KEY_PATTERN);
const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,200}$/;

const header = (request: RequestWithRawBody, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Authenticates a public webhook delivery by its signature alone, before the body is validated (an
 * unsigned caller learns nothing about the body format): rate limit per endpoint key, HMAC over
 * `${timestamp}.${raw body}` with the endpoint's active secrets, timestamp within 5 minutes, delivery id.
 * An unknown key answers like a wrong signature.
 */
@Injectable()
export class WebhookSignatureGuard implements CanActivate {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly rateLimit: WebhookRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<RequestWithRawBody & { webhook?: VerifiedWebhook }>();
    const key = String(request.params.key ?? '');
    if (!KEY.test(key)) throw new WebhooksException(WebhooksErrorCode.InvalidSignature);

    // Unverified attempts are limited per client address, verified deliveries per endpoint: someone who
    // only knows the key (it is in the URL) cannot use up the real sender's budget.
    const unverified = `unverified:${request.ip ?? 'unknown'}`;
    const blocked = await this.rateLimit.exceeded(unverified);
    if (blocked.exceeded) this.tooMany(http.getResponse<Response>(), blocked.retryAfterSeconds);

    const endpoint = await this.repository.findEndpointByKey(key);
    const check = verifyWebhookSignature({
      secrets: endpoint ? activeSecrets(endpoint) : [],
      timestamp: header(request, TIMESTAMP_HEADER),
      signature: header(request, SIGNATURE_HEADER),
      rawBody: request.rawBody ?? Buffer.alloc(0),
      now: Date.now(),
    });
    if (!check.ok || !endpoint) {
      await this.rateLimit.hit(unverified);
      throw check.ok === false && check.reason === 'timestamp_out_of_tolerance'
        ? new WebhooksException(WebhooksErrorCode.TimestampOutOfTolerance, {
            minutes: WEBHOOK_TOLERANCE_SECONDS / 60,
          })
        : new WebhooksException(WebhooksErrorCode.InvalidSignature);
    }

    const limit = await this.rateLimit.hit(key);
    if (!limit.allowed) this.tooMany(http.getResponse<Response>(), limit.retryAfterSeconds);

    const deliveryId = header(request, DELIVERY_HEADER);
    if (deliveryId === undefined || !DELIVERY_ID.test(deliveryId)) {
      throw new WebhooksException(WebhooksErrorCode.InvalidDeliveryId, {}, [
        { pointer: `/headers/${DELIVERY_HEADER}` },
      ]);
    }
    request.webhook = { endpoint, deliveryId, signature: check.digest };
    setCurrentActor({ type: 'webhook', id: endpoint.id });
    return true;
  }

  private tooMany(response: Response, retryAfterSeconds: number): never {
    response.setHeader('Retry-After', String(retryAfterSeconds));
    throw new WebhooksException(WebhooksErrorCode.RateLimited, { seconds: retryAfterSeconds });
  }
}
