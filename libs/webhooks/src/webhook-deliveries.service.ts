import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IdempotencyKeyReusedException, MetricValuesService, type MetricValueRow } from '@keyscore/metrics';
import { isUniqueViolation, nowIso, UnitOfWork } from '@keyscore/persistence';
import type { VerifiedWebhook } from './verified-webhook';
import { WebhooksErrorCode, WebhooksException } from './webhooks.exception';
import { WebhooksRepository } from './webhooks.repository';

/** A claim still `processing` after this long belongs to a request that died; a retry may take it over. */
export const STALE_CLAIM_MS = 10 * 60 * 1000;

/**
 * Writes verified deliveries once.
 *
 * Why claim first: MetricValuesService.record owns its transaction, so the delivery cannot be recorded
 * inside it. Instead a delivery is claimed BEFORE the write by inserting (endpoint, delivery id, signature)
 * under two unique constraints — the database, not a read-then-write, decides which of several concurrent
 * duplicates (in any number of api processes) goes ahead. The others answer 200 `{ duplicate: true }` when
 * the winner has finished, or 409 (retry later) while it is still writing, so a sender is never told
 * "done" for a delivery that may yet fail. A failed write deletes the claim, so the sender's retry can
 * succeed; a claim whose request died is taken over after STALE_CLAIM_MS. As a backstop for that
 * takeover, the write carries the delivery id as its idempotency key (stored in the write's own
 * transaction), so even then the rows are never written twice.
 */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly metricValues: MetricValuesService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async receive(webhook: VerifiedWebhook, rows: readonly MetricValueRow[]) {
    const claimId = await this.claim(webhook);
    if (claimId === null) return { duplicate: true as const };
    const { endpoint, deliveryId } = webhook;
    let result: Awaited<ReturnType<MetricValuesService['record']>> | null;
    try {
      result = await this.metricValues.record(rows, {
        writableMetricKeys: endpoint.metricKeys ? new Set(JSON.parse(endpoint.metricKeys) as string[]) : null,
        idempotency: { scope: `webhook:${endpoint.id}`, key: deliveryId },
      });
    } catch (error) {
      if (!(error instanceof IdempotencyKeyReusedException)) {
        await this.unitOfWork.transaction((manager) => this.repository.releaseDelivery(manager, claimId));
        throw error;
      }
      // This delivery id was written before (with another body): a duplicate, not a new write.
      result = null;
    }
    const written = result && !result.replayed ? result.written : 0;
    await this.unitOfWork.transaction((manager) =>
      this.repository.completeDelivery(manager, claimId, written, nowIso()),
    );
    if (!result || result.replayed) return { duplicate: true as const };
    return { duplicate: false as const, ...result };
  }

  /** The claim's id, or null when this delivery was already written. */
  private async claim({ endpoint, deliveryId, signature }: VerifiedWebhook): Promise<string | null> {
    const now = nowIso();
    const id = randomUUID();
    try {
      await this.unitOfWork.transaction((manager) =>
        this.repository.insertDelivery(manager, {
          id,
          endpointId: endpoint.id,
          deliveryId,
          signature,
          state: 'processing',
          written: null,
          claimedAt: now,
          completedAt: null,
        }),
      );
      return id;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await this.repository.findDelivery(endpoint.id, deliveryId, signature);
    if (existing?.state === 'done') return null;
    const stale = existing && Date.parse(existing.claimedAt) < Date.parse(now) - STALE_CLAIM_MS;
    if (
      stale &&
      (await this.unitOfWork.transaction((manager) =>
        this.repository.retakeDelivery(manager, existing.id, existing.claimedAt, now),
      ))
    ) {
      return existing.id;
    }
    // Still being written by another request (or released an instant ago): the sender retries.
    throw new WebhooksException(WebhooksErrorCode.DeliveryInProgress);
  }
}
