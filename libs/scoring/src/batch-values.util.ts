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
import type { AccountInput, MetricValue, PeriodMetrics } from './input.types';
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
  /** Rows: one per (input, period with metrics). */
  readonly rows: number;
  /** Per input: period → row. */
  readonly rowOf: readonly ReadonlyMap<string, number>[];
  /** Per KPI: state code per row. */
  readonly states: readonly Int8Array[];
  /** Per KPI: value per row (meaningful when the state is actual or estimated). */
  readonly values: readonly Float64Array[];
  /** Per KPI: the error value of rows whose formula gave one (the scorer words the message). */
  readonly errors: readonly (ReadonlyMap<number, string> | null)[];
  /**
   * Row-major (row × `metricKeys`): each row's metric value objects as given, null where there is none —
   * what the traces show as inputs, read once here rather than looked up by key again per KPI.
   */
  readonly inputs: readonly (MetricValue | null)[];
}

/**
 * The typed buffers of the last batch, reused by the next batch of the same shape (every full batch of a
 * cycle has one): allocating ~40 off-heap arrays per batch cost more in malloc, zeroing and GC sweeping
 * than refilling them. Safe because a batch's values are only read while `scoreAccountsBatch` runs
 * (synchronously) and no result refers to them.
 */
interface Buffers {
  readonly rows: number;
  readonly width: number;
  readonly kpis: number;
  readonly colValues: Float64Array[];
  readonly colTags: Uint8Array[];
  readonly ranks: Int8Array;
  readonly refs: (MetricValue | null)[];
  readonly states: Int8Array[];
  readonly values: Float64Array[];
}
let spare: Buffers | null = null;

function buffers(rows: number, width: number, kpis: number): Buffers {
  const b = spare;
  if (b !== null && b.rows === rows && b.width === width && b.kpis === kpis) {
    for (let j = 0; j < width; j++) {
      b.colValues[j].fill(0);
      b.colTags[j].fill(TAG_BLANK);
    }
    b.ranks.fill(R_PENDING);
    b.refs.fill(null);
    for (let i = 0; i < kpis; i++) {
      b.states[i].fill(0);
      b.values[i].fill(0);
    }
    return b;
  }
  const made: Buffers = {
    rows,
    width,
    kpis,
    colValues: [],
    colTags: [],
    ranks: new Int8Array(rows * width).fill(R_PENDING),
    refs: new Array<MetricValue | null>(rows * width).fill(null),
    states: [],
    values: [],
  };
  for (let j = 0; j < width; j++) {
    made.colValues.push(new Float64Array(rows));
    made.colTags.push(new Uint8Array(rows).fill(TAG_BLANK));
  }
  for (let i = 0; i < kpis; i++) {
    made.states.push(new Int8Array(rows));
    made.values.push(new Float64Array(rows));
  }
  spare = made;
  return made;
}

/**
 * Lets go of the batch's metric value objects once it is scored: the reused buffers would otherwise keep
 * the last batch's inputs alive until the next batch.
 */
export function releaseBatchValues(values: BatchValues): void {
  const b = spare;
  if (b !== null && values.inputs === b.refs) b.refs.fill(null);
}

/**
 * `periods`: the periods that will be scored (null: each input's own `period`). Their rows are read in full
 * (every metric, and the value objects the traces show as inputs); the other periods only feed rolling
 * windows and last year's values, so only the metrics of KPIs that read them are read there
 * (`historyColumns`) — the other cells stay pending, and the scorer never reads them.
 */
export function computeBatchValues(
  prepared: PreparedScorecard,
  inputs: readonly AccountInput[],
  periods: readonly string[] | null,
): BatchValues {
  const rowOf: Map<string, number>[] = new Array<Map<string, number>>(inputs.length);
  const rowsMetrics: PeriodMetrics[] = [];
  const rowSealed: (ReadonlySet<string> | null)[] = [];
  const rowScored: boolean[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const map = new Map<string, number>();
    const sealed = input.sealedAccess && input.sealedAccess.length > 0 ? new Set(input.sealedAccess) : null;
    const byPeriod = input.metrics;
    for (const period in byPeriod) {
      if (!Object.hasOwn(byPeriod, period)) continue;
      map.set(period, rowsMetrics.length);
      rowsMetrics.push(byPeriod[period]);
      rowSealed.push(sealed);
      rowScored.push(periods === null ? period === input.period : periods.includes(period));
    }
    rowOf[i] = map;
  }
  const n = rowsMetrics.length;
  const keys = prepared.metricKeys;
  const width = keys.length;
  const history = prepared.historyColumns;

  // One column per metric: the value where it may be read (blank elsewhere); state codes row-major. Read
  // row by row: a row's value objects sit together in memory, a column's are spread over the whole batch.
  // Every cell starts missing (pending, blank, no value object); the row's own keys fill what it has.
  const buf = buffers(n, width, prepared.kpis.length);
  const { colValues, colTags, ranks, refs } = buf;
  const column = prepared.metricColumn;
  // The rows of a batch nearly always list their keys in one order (they are built by one loop), so the
  // column of the key at each position is remembered from the previous row: a string identity check
  // instead of a Map lookup per metric value. A row in another order just looks its keys up again.
  const orderKeys: string[] = [];
  const orderColumns: number[] = [];
  for (let r = 0; r < n; r++) {
    const row = rowsMetrics[r];
    const sealed = rowSealed[r];
    const scored = rowScored[r];
    const base = r * width;
    // for…in over the row's keys (a metric the scorecard reads, or not) is much faster than a lookup per
    // metric key. Anything that is not a value object (an inherited method) counts as missing, as in the
    // row path; keys the formulas read exclude __proto__ and friends.
    let at = 0;
    for (const key in row) {
      let j: number;
      if (at < orderKeys.length && orderKeys[at] === key) j = orderColumns[at];
      else {
        j = column.get(key) ?? -1;
        orderKeys[at] = key;
        orderColumns[at] = j;
      }
      at++;
      // Reading a value object is the costly part (it is rarely in the cache): skip what no one reads.
      if (j < 0 || (!scored && history[j] === 0)) continue;
      const mv = row[key];
      if (typeof mv !== 'object' || mv === null) continue;
      if (scored) refs[base + j] = mv;
      const st = mv.state;
      const v = mv.value;
      const number = v !== null && v - v === 0;
      let code: number;
      if ((st === 'actual' || st === 'estimated') && number)
        code = st === 'estimated' ? R_ESTIMATED : R_ACTUAL;
      else if (st === 'not_applicable') code = R_NA;
      else if (st === 'sealed') code = number && sealed !== null && sealed.has(key) ? R_ACTUAL : R_SEALED;
      else code = R_PENDING;
      if (code <= R_ESTIMATED) {
        colValues[j][r] = v as number;
        colTags[j][r] = TAG_NUMBER;
      }
      ranks[base + j] = code;
    }
  }
  const columns = new Map<string, NumericColumn>();
  for (let j = 0; j < width; j++) columns.set(keys[j], { values: colValues[j], tags: colTags[j] });
  const table = { length: n, columns };

  const states: Int8Array[] = [];
  const values: Float64Array[] = [];
  const errors: (Map<number, string> | null)[] = [];
  for (const k of prepared.kpis) {
    const state = buf.states[k.index];
    const idx = k.metricIndex;
    for (let d = 0; d < idx.length; d++) {
      const j = idx[d];
      for (let r = 0, at = j; r < n; r++, at += width) if (ranks[at] > state[r]) state[r] = ranks[at];
    }
    if (k.fieldColumn >= 0) {
      // The formula is one metric: its value is the column itself wherever the state lets it be read.
      states.push(state);
      values.push(colValues[k.fieldColumn]);
      errors.push(null);
      continue;
    }
    const result: ColumnResult = evaluateColumns(k.formula, table, k.context);
    const out = buf.values[k.index];
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
  return { rows: n, rowOf, states, values, errors, inputs: refs };
}
