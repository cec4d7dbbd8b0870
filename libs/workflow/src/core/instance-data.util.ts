import { compile, type ValueType } from '@keyscore/formula';
import type { WorkflowDefinition } from './workflow.schema';

/**
 * Instance data is one flat object. What writes it, in order:
 * - the start event (the runtime's launch data: period, cycle, account…),
 * - each submitted form task (its answers, under their field names),
 * - each compute.done (the scoring result),
 * - each decided approval step (`<stepId>_outcome`: approve | reject | return).
 * A later write of the same name wins. Conditions also see `round` (times returned for revision).
 */
export const STANDARD_DATA_NAMES: Readonly<Record<string, ValueType>> = {
  // start data
  period: 'text',
  cycle_id: 'text',
  account_id: 'text',
  account_code: 'text',
  account_type: 'text',
  // compute.done
  score: 'number',
  rating: 'text',
  coverage: 'number',
  accounts: 'number',
  // the engine
  round: 'number',
};

/** Names no form answer or result may write (they would reach the object's prototype). */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** The names a condition of this definition may read, with their types. */
export function conditionDataNames(def: WorkflowDefinition): Map<string, ValueType> {
  const names = new Map<string, ValueType>(Object.entries(STANDARD_DATA_NAMES));
  for (const s of def.steps) if (s.type === 'approval') names.set(`${s.id}_outcome`, 'text');
  for (const d of def.data ?? []) names.set(d.name, d.type ?? 'any');
  return names;
}

/** Copies own enumerable properties into `target`, skipping prototype-reaching names. */
export function mergeData(target: Record<string, unknown>, source: unknown): void {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return;
  for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
    if (!RESERVED.has(k)) target[k] = v;
  }
}

/**
 * Evaluates a condition over the instance data: TRUE (or a non-zero number) is true; FALSE, zero, blank,
 * text and every error value (a missing name is #REF!) are false. Never throws.
 */
export function conditionHolds(
  formula: string,
  data: Readonly<Record<string, unknown>>,
  round: number,
): boolean {
  const row = new Map<string, unknown>(Object.entries(data));
  row.set('round', round);
  const v = compile(formula).evaluate(row);
  return v === true || (typeof v === 'number' && v !== 0);
}
