import adjustmentApproval from '../../../workflows/adjustment_approval.json';
import annualReview from '../../../workflows/annual_review.json';
import quarterlyReview from '../../../workflows/quarterly_review.json';
import scoreDispute from '../../../workflows/score_dispute.json';
import surveyCampaign from '../../../workflows/survey_campaign.json';
import type { WorkflowDefinition } from './core';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The built-in workflow documents of workflows/ (the schema and validateWorkflow accept each of them:
 * builtin-workflows.spec.ts). Frozen: a published document never changes in place.
 */
export const BUILTIN_WORKFLOWS: readonly WorkflowDefinition[] = deepFreeze([
  quarterlyReview as WorkflowDefinition,
  annualReview as WorkflowDefinition,
  adjustmentApproval as WorkflowDefinition,
  surveyCampaign as WorkflowDefinition,
  scoreDispute as WorkflowDefinition,
]);

/** A built-in workflow by key. */
export function builtinWorkflow(key: string): WorkflowDefinition | undefined {
  return BUILTIN_WORKFLOWS.find((w) => w.key === key);
}
