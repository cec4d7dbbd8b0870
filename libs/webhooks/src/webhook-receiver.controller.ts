import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Public } from '@keyscore/auth';
import { ApiOperation, ValidBody } from '@keyscore/http';
import { CurrentWebhook, type VerifiedWebhook } from './verified-webhook';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookSignatureGuard } from './webhook-signature.guard';
import { webhookDeliverySchema, type WebhookDelivery } from './webhooks.schemas';

@Controller('api/webhooks')
export class WebhookReceiverController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  /** Public: no session or API key — the signature is the authentication (checked by the guard). */
  @Post(':key')
  @HttpCode(200)
  @Public()
  @UseGuards(WebhookSignatureGuard)
  @ApiOperation({
    summary:
      'Receive a signed delivery of metric values (X-Keyscore-Timestamp, X-Keyscore-Signature: sha256=HMAC(secret, `${timestamp}.${body}`), X-Keyscore-Delivery) / 接收签名的 Webhook 指标数据',
    tags: ['webhooks'],
    responses: { 200: { description: 'Written, or `{ duplicate: true }` for a delivery already written' } },
  })
  receive(
    @ValidBody(webhookDeliverySchema) body: WebhookDelivery,
    @CurrentWebhook() webhook: VerifiedWebhook,
  ) {
    return this.deliveries.receive(webhook, body.rows);
  }
}
