import { Module } from '@nestjs/common';
import { MetricsModule } from '@keyscore/metrics';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookRateLimit } from './webhook-rate-limit';
import { WebhookReceiverController } from './webhook-receiver.controller';
import { WebhookSignatureGuard } from './webhook-signature.guard';
import { WebhooksRepository } from './webhooks.repository';

/** Signed inbound webhooks: endpoints administered by admins, and the public receiver. */
@Module({
  imports: [MetricsModule],
  controllers: [WebhookEndpointsController, WebhookReceiverController],
  providers: [
    WebhooksRepository,
    WebhookEndpointsService,
    WebhookDeliveriesService,
    WebhookRateLimit,
    WebhookSignatureGuard,
  ],
  exports: [WebhookEndpointsService],
})
export class WebhooksModule {}
