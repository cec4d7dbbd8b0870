import { roundDecimal } from '@keyscore/formula';
import type { FormDocument, FormMeasure } from './form.schema';
import { planOf, resolveData, type FormPlan } from './form-plan';

/**
 * One answer as a 0–100 value: rating r → r/5×100 (1 star = 20), nps n → n/10×100, a likert row →
 * linear from the scale's lowest value (0) to its highest (100), percent → the number itself; clamped to
 * 0–100. Null when the answer is missing or not a number.
 */
function measureValue(
  plan: FormPlan,
  m: FormMeasure,
  data: Readonly<Record<string, unknown>>,
): number | null {
  const dot = m.field.indexOf('.');
  const name = dot < 0 ? m.field : m.field.slice(0, dot);
  let v: unknown = Object.hasOwn(data, name) ? data[name] : undefined;
  if (dot >= 0) {
    const row = m.field.slice(dot + 1);
    v =
      typeof v === 'object' && v !== null && Object.hasOwn(v, row)
        ? (v as Record<string, unknown>)[row]
        : undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  let scaled: number;
  switch (m.scale) {
    case 'rating5':
      scaled = (v / 5) * 100;
      break;
    case 'nps10':
      scaled = (v / 10) * 100;
      break;
    case 'percent':
      scaled = v;
      break;
    case 'likert': {
      const values = (plan.byName.get(name)?.def.scale ?? []).map((s) => s.value);
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      if (!(hi > lo)) return null;
      scaled = ((v - lo) / (hi - lo)) * 100;
      break;
    }
  }
  return Math.min(100, Math.max(0, scaled));
}

/**
 * The metric values (0–100, 2 decimals) one survey response gives, per measure of the form; null where the
 * field is unanswered or hidden. Visibility and computed fields are re-evaluated on the response, so a
 * stored response and a fresh one give the same numbers. `doc` must have passed checkForm.
 */
export function responseMeasures(
  doc: FormDocument,
  data: Readonly<Record<string, unknown>>,
): Record<string, number | null> {
  const plan = planOf(doc);
  const own = resolveData(plan, data).data;
  const out: Record<string, number | null> = {};
  for (const m of doc.measures ?? []) {
    const v = measureValue(plan, m, own);
    out[m.metric] = v === null ? null : roundDecimal(v, 2);
  }
  return out;
}

export interface RollupResult {
  readonly metric: string;
  /** Mean of the answered responses' values, 2 decimals; null when suppressed or nothing was answered. */
  readonly value: number | null;
  /** How many responses answered this measure. */
  readonly responses: number;
  /** Fewer than minResponses answered: the value is withheld so single answers cannot be read off it. */
  readonly suppressed: boolean;
}

/**
 * Per measure, the mean over the responses that answered it (unrounded values, rounded once at the end);
 * below `minResponses` answers the value is withheld (`suppressed`, value null).
 */
export function rollupResponses(
  doc: FormDocument,
  responses: readonly Readonly<Record<string, unknown>>[],
  options: { readonly minResponses: number },
): RollupResult[] {
  const plan = planOf(doc);
  const measures = doc.measures ?? [];
  const sums = measures.map(() => 0);
  const counts = measures.map(() => 0);
  for (const response of responses) {
    const own = resolveData(plan, response).data;
    measures.forEach((m, i) => {
      const v = measureValue(plan, m, own);
      if (v === null) return;
      sums[i] += v;
      counts[i]++;
    });
  }
  return measures.map((m, i) => {
    const suppressed = counts[i] < options.minResponses;
    return {
      metric: m.metric,
      value: suppressed || counts[i] === 0 ? null : roundDecimal(sums[i] / counts[i], 2),
      responses: counts[i],
      suppressed,
    };
  });
}
