import {
  ColumnResult,
  NumericColumn,
  TAG_BLANK,
  TAG_ERROR,
  TAG_NUMBER,
  Value,
  errorFromIndex,
  evaluateColumns,
  isError,
} from '@keyscore/formula';
import type { AccountInput } from './input.types';
import type { PreparedScorecard } from './prepare-scorecard.util';

// The same state codes as the scorer (score-account.util.ts).
export const R_ACTUAL = 0;
export const R_ESTIMATED = 1;
export const R_PENDING = 2;
export const R_SEALED = 3;
export const R_NA = 4;
export const R_ERROR = 5;

/**
 * Raw KPI values of many accounts at once: one row per (account, period) present in the inputs, each KPI
 * formula evaluated once over the whole batch by the formula engine's columnar evaluator (which gives
 * exactly what the row path gives). The scorer reads these instead of evaluating row by row.
 */
/** How a non-number formula result is named in a message: its error code, `blank`, or its type. */
export function resultCode(v: Value): string {
  return isError(v) ? v.code : v === null ? 'blank' : typeof v;
}

export interface BatchValues {
  /** Per input: period → row. */
  readonly rowOf: readonly ReadonlyMap<string, number>[];
  /** Per KPI: state code per row. */
  readonly states: readonly Int8Array[];
  /** Per KPI: value per row (meaningful when the state is actual or estimated). */
  readonly values: readonly Float64Array[];
  /** Per KPI: the error value of rows whose formula gave one (the scorer words the message). */
  readonly errors: readonly (ReadonlyMap<number, string> | null)[];
}

export function computeBatchValues(
  prepared: PreparedScorecard,
  inputs: readonly AccountInput[],
): BatchValues {
  const rowOf: Map<string, number>[] = [];
  const rowsMetrics: AccountInput['metrics'][string][] = [];
  const rowSealed: (ReadonlySet<string> | null)[] = [];
  for (const input of inputs) {
    const map = new Map<string, number>();
    const sealed = input.sealedAccess && input.sealedAccess.length > 0 ? new Set(input.sealedAccess) : null;
    for (const period of Object.keys(input.metrics)) {
      map.set(period, rowsMetrics.length);
      rowsMetrics.push(input.metrics[period]);
      rowSealed.push(sealed);
    }
    rowOf.push(map);
  }
  const n = rowsMetrics.length;

  // One column per metric: the value where it may be read (blank elsewhere) and its state code.
  const columns = new Map<string, NumericColumn>();
  const ranks = new Map<string, Int8Array>();
  for (const key of prepared.metricKeys) {
    const vals = new Float64Array(n);
    const tags = new Uint8Array(n);
    const rank = new Int8Array(n);
    for (let r = 0; r < n; r++) {
      const mv = rowsMetrics[r][key];
      let code: number;
      if (typeof mv !== 'object' || mv === null) code = R_PENDING;
      else {
        const st = mv.state;
        const v = mv.value;
        const number = v !== null && v - v === 0;
        if ((st === 'actual' || st === 'estimated') && number)
          code = st === 'estimated' ? R_ESTIMATED : R_ACTUAL;
        else if (st === 'not_applicable') code = R_NA;
        else if (st === 'sealed') code = number && rowSealed[r]?.has(key) ? R_ACTUAL : R_SEALED;
        else code = R_PENDING;
        if (code <= R_ESTIMATED) vals[r] = v as number;
      }
      if (code > R_ESTIMATED) tags[r] = TAG_BLANK;
      rank[r] = code;
    }
    columns.set(key, { values: vals, tags });
    ranks.set(key, rank);
  }
  const table = { length: n, columns };

  const states: Int8Array[] = [];
  const values: Float64Array[] = [];
  const errors: (Map<number, string> | null)[] = [];
  for (const k of prepared.kpis) {
    const state = new Int8Array(n);
    for (const dep of k.metrics) {
      const rank = ranks.get(dep) as Int8Array;
      for (let r = 0; r < n; r++) if (rank[r] > state[r]) state[r] = rank[r];
    }
    const result: ColumnResult = evaluateColumns(k.formula, table, k.context);
    const out = new Float64Array(n);
    let errs: Map<number, string> | null = null;
    const numeric = result.kind === 'number';
    for (let r = 0; r < n; r++) {
      if (state[r] >= R_PENDING) continue;
      if (numeric) {
        const tag = result.tags === null ? TAG_NUMBER : result.tags[r];
        if (tag === TAG_NUMBER) {
          out[r] = result.values[r];
          continue;
        }
        state[r] = R_ERROR;
        (errs ??= new Map()).set(r, tag === TAG_ERROR ? errorFromIndex(result.values[r]).code : 'blank');
      } else {
        const v: Value = result.get(r);
        if (typeof v === 'number') out[r] = v;
        else {
          state[r] = R_ERROR;
          (errs ??= new Map()).set(r, resultCode(v));
        }
      }
    }
    states.push(state);
    values.push(out);
    errors.push(errs);
  }
  return { rowOf, states, values, errors };
}
