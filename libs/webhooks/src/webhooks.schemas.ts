import type { FromSchema } from 'json-schema-to-ts';
import { recordMetricValuesSchema } from '@keyscore/metrics';

export const WEBHOOK_KEY_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

export const createWebhookEndpointSchema = {
  $id: 'keyscore:create-webhook-endpoint',
  title: 'New webhook endpoint',
  type: 'object',
  additionalProperties: false,
  required: ['key', 'name'],
  properties: {
    key: {
      type: 'string',
      pattern: WEBHOOK_KEY_PATTERN,
      description: 'In the receiver URL: POST /api/webhooks/{key}. Lower-case letters, digits and hyphens.',
    },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    metricKeys: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 64 },
      description: 'The metrics this endpoint may write; any metric when absent.',
    },
  },
} as const;
export type CreateWebhookEndpoint = FromSchema<typeof createWebhookEndpointSchema>;

/** A delivery's body: the same rows as POST /api/metric-values. */
export const webhookDeliverySchema = {
  ...recordMetricValuesSchema,
  $id: 'keyscore:webhook-delivery',
  title: 'A signed webhook delivery of metric values',
} as const;
export type WebhookDelivery = FromSchema<typeof webhookDeliverySchema>;
