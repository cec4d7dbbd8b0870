import type { WebhookEndpointEntity } from '@keyscore/persistence';

/** An endpoint as the API shows it: never a secret, and whether a rotation is still running. */
export function publicWebhookEndpoint(endpoint: WebhookEndpointEntity, now = new Date().toISOString()) {
  const rotating = endpoint.previousSecret !== null && (endpoint.previousSecretExpiresAt ?? '') > now;
  return {
    id: endpoint.id,
    key: endpoint.key,
    name: endpoint.name,
    metricKeys: endpoint.metricKeys === null ? null : (JSON.parse(endpoint.metricKeys) as string[]),
    createdBy: endpoint.createdBy,
    createdAt: endpoint.createdAt,
    rotatedAt: endpoint.rotatedAt,
    /** While set, the previous secret still verifies; it stops at this time or at finish-rotation. */
    previousSecretExpiresAt: rotating ? endpoint.previousSecretExpiresAt : null,
  };
}

/** The secrets that verify a delivery now: the current one, and the previous one during a rotation. */
export function activeSecrets(endpoint: WebhookEndpointEntity, now = new Date().toISOString()): string[] {
  const rotating = endpoint.previousSecret !== null && (endpoint.previousSecretExpiresAt ?? '') > now;
  return rotating ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}
