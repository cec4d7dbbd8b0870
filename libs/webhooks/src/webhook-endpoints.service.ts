import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@keyscore/audit';
import { NotFoundException } from '@keyscore/http';
import { MetricValuesService } from '@keyscore/metrics';
import { isUniqueViolation, nowIso, UnitOfWork, type WebhookEndpointEntity } from '@keyscore/persistence';
import { publicWebhookEndpoint } from './webhook-endpoint.view';
import { newWebhookSecret } from './webhook-secret.util';
import { WebhooksErrorCode, WebhooksException } from './webhooks.exception';
import { WebhooksRepository } from './webhooks.repository';
import type { CreateWebhookEndpoint } from './webhooks.schemas';

/** How long the previous secret keeps verifying after a rotation, unless the rotation is finished sooner. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

const ENDPOINT = { en: 'Webhook endpoint', 'zh-CN': 'Webhook 端点' };

/** Administers webhook endpoints; a signing secret is returned once, at creation or rotation. */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly metrics: MetricValuesService,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateWebhookEndpoint, createdBy: string) {
    const known = new Set((await this.metrics.listMetrics()).map((m) => m.key));
    const unknown = (input.metricKeys ?? []).flatMap((key, i) =>
      known.has(key) ? [] : [{ pointer: `/body/metricKeys/${i}`, value: key }],
    );
    if (unknown.length) {
      throw new WebhooksException(WebhooksErrorCode.UnknownMetric, { value: unknown[0]!.value }, unknown);
    }
    const secret = newWebhookSecret();
    const endpoint: WebhookEndpointEntity = {
      id: randomUUID(),
      key: input.key,
      name: input.name,
      metricKeys: input.metricKeys ? JSON.stringify(input.metricKeys) : null,
      secret,
      previousSecret: null,
      previousSecretExpiresAt: null,
      createdBy,
      createdAt: nowIso(),
      rotatedAt: null,
      version: 1,
    };
    try {
      await this.unitOfWork.transaction(async (manager) => {
        await this.repository.insertEndpoint(manager, endpoint);
        await this.audit.record(manager, [
          {
            action: 'webhook_endpoint.create',
            entityType: 'webhook_endpoint',
            entityId: endpoint.id,
            after: publicWebhookEndpoint(endpoint),
          },
        ]);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new WebhooksException(WebhooksErrorCode.DuplicateKey, { value: input.key }, [
        { pointer: '/body/key', value: input.key },
      ]);
    }
    return { ...publicWebhookEndpoint(endpoint), secret };
  }

  async list() {
    const now = nowIso();
    return (await this.repository.listEndpoints()).map((e) => publicWebhookEndpoint(e, now));
  }

  /**
   * A new current secret; the one it replaces keeps verifying for ROTATION_OVERLAP_MS so senders can switch
   * without losing deliveries. Rotating again during a rotation drops the oldest secret at once.
   */
  async rotate(key: string) {
    const endpoint = await this.find(key);
    const now = new Date();
    const secret = newWebhookSecret();
    const changed = await this.changeSecrets(endpoint, 'webhook_endpoint.rotate', {
      secret,
      previousSecret: endpoint.secret,
      previousSecretExpiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString(),
      rotatedAt: now.toISOString(),
    });
    return { ...publicWebhookEndpoint(changed), secret };
  }

  /** Ends a rotation: only the current secret verifies from now on. Finishing when none runs is a no-op. */
  async finishRotation(key: string) {
    const endpoint = await this.find(key);
    if (endpoint.previousSecret === null) return publicWebhookEndpoint(endpoint);
    const changed = await this.changeSecrets(endpoint, 'webhook_endpoint.finish_rotation', {
      secret: endpoint.secret,
      previousSecret: null,
      previousSecretExpiresAt: null,
      rotatedAt: endpoint.rotatedAt,
    });
    return publicWebhookEndpoint(changed);
  }

  private async find(key: string): Promise<WebhookEndpointEntity> {
    const endpoint = await this.repository.findEndpointByKey(key);
    if (!endpoint) throw new NotFoundException(ENDPOINT, '/params/key');
    return endpoint;
  }

  private async changeSecrets(
    endpoint: WebhookEndpointEntity,
    action: string,
    change: Pick<
      WebhookEndpointEntity,
      'secret' | 'previousSecret' | 'previousSecretExpiresAt' | 'rotatedAt'
    >,
  ): Promise<WebhookEndpointEntity> {
    const changed = { ...endpoint, ...change, version: endpoint.version + 1 };
    await this.unitOfWork.transaction(async (manager) => {
      if (!(await this.repository.updateSecrets(manager, endpoint.id, endpoint.version, change))) {
        throw new WebhooksException(WebhooksErrorCode.ConcurrentChange);
      }
      // The audit entry shows the public view only: secrets never reach the log.
      await this.audit.record(manager, [
        {
          action,
          entityType: 'webhook_endpoint',
          entityId: endpoint.id,
          before: publicWebhookEndpoint(endpoint),
          after: publicWebhookEndpoint(changed),
        },
      ]);
    });
    return changed;
  }
}
