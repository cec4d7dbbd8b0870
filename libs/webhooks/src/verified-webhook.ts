import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { WebhookEndpointEntity } from '@keyscore/persistence';

/** A delivery whose signature and timestamp the guard has checked. */
export interface VerifiedWebhook {
  endpoint: WebhookEndpointEntity;
  deliveryId: string;
  /** The matching HMAC, lower-case hex: a replay of the same signed request carries it again. */
  signature: string;
}

/** The verified delivery, set by WebhookSignatureGuard. */
export const CurrentWebhook = createParamDecorator(
  (_data: unknown, context: ExecutionContext): VerifiedWebhook =>
    context.switchToHttp().getRequest<{ webhook: VerifiedWebhook }>().webhook,
);
