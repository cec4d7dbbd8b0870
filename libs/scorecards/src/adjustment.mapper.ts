import type { AdjustmentEntity } from '@keyscore/persistence';
import type { Adjustment } from '@keyscore/scoring';

/** The scoring lib's form of a stored adjustment. */
export function toScoringAdjustment(row: AdjustmentEntity): Adjustment {
  return {
    id: row.id,
    kind: row.kind,
    kpi: row.kpi,
    period: row.period,
    ...(row.indexValue !== null ? { index: row.indexValue } : {}),
    ...(row.target !== null ? { target: row.target } : {}),
    reason: row.reason,
    requestedBy: row.requestedBy,
    ...(row.decidedBy ? { approver: row.decidedBy } : {}),
    status: row.status,
  };
}
