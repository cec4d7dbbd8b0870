/**
 * The columnar evaluator: each AST node runs over a chunk of rows held in Float64Array lanes, with a
 * per-lane tag (number, blank, error) and a chunk kind (numbers, booleans, or mixed values).
 * Tight loops run when lanes are plain numbers; any other lane is computed by the same scalar code
 * the row path uses, so both paths give identical results (a fast-check property test holds them to it).
 * Nothing is generated from user text: the plan is a tree of closures over typed arrays.
 */
import { CallNode, Node } from './ast';
import { AggregateScope, AggregateSlot, CompiledFormula, Env, EvaluationContext, makeEnv } from './compile';
import { CYCLE, FormulaError, LIMIT, NA, NAME, REF, VALUE, errorFromIndex } from './errors';
import { FAST_REDUCERS } from './functions/aggregate';
import { LOGIC_FUNCTIONS } from './functions/logic';
import { FunctionRegistry, arityAccepts } from './functions/registry';
import { ArgValue, applyEager } from './functions/runtime';
import { AggregateDef, CallContext, FastReduce, FunctionDef, LazyDef } from './functions/types';
import { GroupResult, groupKey } from './evaluate-rows';
import { ARITHMETIC, applyBinary, applyUnary, compareOp, isComparison } from './operators';
import { isReservedName } from './reserved';
import { unparse } from './unparse';
import { Value, isError, toBoolean, toValue } from './value';
import { finite } from './numeric';

// ---------------------------------------------------------------------------------------------
// Public table types

/** A numeric column with per-row tags: 0 number, 1 blank (value must be 0), 2 error (value = error index). */
export interface NumericColumn {
  readonly values: Float64Array;
  readonly tags: Uint8Array | null;
}

/** A column: plain numbers, a tagged numeric column, or any values (text, booleans, dates…). */
export type Column = Float64Array | NumericColumn | readonly unknown[];

export interface Table {
  readonly length: number;
  readonly columns: ReadonlyMap<string, Column> | Readonly<Record<string, Column>>;
}

export const TAG_NUMBER = 0;
export const TAG_BLANK = 1;
export const TAG_ERROR = 2;

const K_NUM = 0;
const K_BOOL = 1;
const K_ANY = 2;
const CHUNK = 2048;

/** The built-in definitions with dedicated columnar plans (a registry may replace them with its own). */
const BUILTIN = Object.fromEntries(
  ['IF', 'IFS', 'IFERROR', 'AND', 'OR'].map((name) => [name, LOGIC_FUNCTIONS.find((d) => d.name === name)]),
) as Record<'IF' | 'IFS' | 'IFERROR' | 'AND' | 'OR', FunctionDef>;

/** A prepared column or a chunk of lanes. */
interface Lanes {
  kind: number;
  vals: Float64Array;
  tags: Uint8Array | null;
  any: Value[] | null;
}

function laneValue(b: Lanes, i: number): Value {
  if (b.kind === K_ANY) return (b.any as Value[])[i];
  const t = b.tags === null ? 0 : b.tags[i];
  if (t === 0) return b.kind === K_BOOL ? b.vals[i] !== 0 : b.vals[i];
  return t === TAG_BLANK ? null : errorFromIndex(b.vals[i]);
}

// ---------------------------------------------------------------------------------------------
// Building tables and reading columns

type RowLike = Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>;

/** A field of a row: own properties or Map entries only; a missing field is #REF!. */
function readField(r: RowLike, name: string): unknown {
  if (r instanceof Map) return r.has(name) ? r.get(name) : REF;
  return Object.hasOwn(r, name) ? (r as Record<string, unknown>)[name] : REF;
}

/**
 * Turns rows into a columnar table in one pass per field: finite numbers go straight into a
 * Float64Array (blanks and errors as tags); the first other value (text, boolean, date…) turns the
 * column into an array of values. The prepared form is cached, so evaluation does not convert again.
 */
export function tableFromRows(rows: readonly RowLike[], fields?: readonly string[]): Table {
  const names = fields ?? collectFields(rows);
  const n = rows.length;
  const columns = new Map<string, Column>();
  for (const name of names) {
    const vals = new Float64Array(n);
    let tags: Uint8Array | null = null;
    let i = 0;
    for (; i < n; i++) {
      const x = readField(rows[i], name);
      if (typeof x === 'number' && x - x === 0) {
        vals[i] = x;
        continue;
      }
      const v = toValue(x);
      if (typeof v === 'number')
        vals[i] = v; // a Date or bigint
      else if (v === null) {
        tags ??= new Uint8Array(n);
        tags[i] = TAG_BLANK;
      } else if (isError(v)) {
        tags ??= new Uint8Array(n);
        tags[i] = TAG_ERROR;
        vals[i] = v.index;
      } else break;
    }
    if (i === n) {
      const col: NumericColumn = { values: vals, tags };
      preparedCache.set(col, { kind: K_NUM, vals, tags, any: null });
      columns.set(name, col);
      continue;
    }
    const any = new Array<Value>(n);
    const lanes: Lanes = { kind: K_NUM, vals, tags, any: null };
    for (let j = 0; j < i; j++) any[j] = laneValue(lanes, j);
    for (let j = i; j < n; j++) any[j] = toValue(readField(rows[j], name));
    preparedCache.set(any, { kind: K_ANY, vals: new Float64Array(0), tags: null, any });
    columns.set(name, any);
  }
  return { length: n, columns };
}

function collectFields(rows: readonly RowLike[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of r instanceof Map ? r.keys() : Object.keys(r)) seen.add(k as string);
  return [...seen];
}

const preparedCache = new WeakMap<object, Lanes>();

function prepare(col: Column, length: number): Lanes {
  const hit = preparedCache.get(col);
  if (hit && (hit.kind === K_ANY ? (hit.any as Value[]).length : hit.vals.length) >= length) return hit;
  let out: Lanes;
  if (col instanceof Float64Array) {
    out = { kind: K_NUM, vals: col, tags: null, any: null };
    // NaN / Infinity are #NUM! lanes, as toValue makes them on the row path.
    for (let i = 0; i < col.length; i++) {
      if (col[i] - col[i] !== 0) {
        out = prepare(Array.from(col), length);
        break;
      }
    }
  } else if (isNumericColumn(col)) {
    // The caller's arrays serve as they are (lanes are only read); a copy is made only when a lane
    // must be rewritten (a blank holding a value, an error index out of range, an untagged NaN).
    const src = col.values;
    const srcTags = col.tags;
    let vals = src;
    let tags = srcTags;
    let copied = false;
    let untaggedNaN = false;
    for (let i = 0; i < src.length; i++) {
      const t = srcTags ? srcTags[i] : 0;
      let v = src[i];
      let tag = t;
      if (t === TAG_BLANK) v = 0;
      else if (t === TAG_ERROR) v = errorFromIndex(v).index;
      else if (t !== 0 || v - v !== 0) {
        if (!srcTags) {
          untaggedNaN = true;
          break;
        }
        tag = TAG_ERROR;
        v = t !== 0 ? VALUE.index : toValue(v) === VALUE ? VALUE.index : (toValue(v) as FormulaError).index;
      }
      if (tag === t && Object.is(v, src[i])) continue;
      if (!copied) {
        vals = Float64Array.from(src);
        tags = srcTags ? Uint8Array.from(srcTags) : null;
        copied = true;
      }
      vals[i] = v;
      (tags as Uint8Array)[i] = tag;
    }
    out = untaggedNaN
      ? prepare(Array.from(src), length)
      : { kind: K_NUM, vals, tags: tags && tags.some((t) => t !== 0) ? tags : null, any: null };
  } else {
    // Shared as it is when every entry is already a formula value (text columns mostly are).
    const src = col as readonly unknown[];
    let normal = true;
    for (let i = 0; i < src.length && normal; i++) normal = toValue(src[i]) === src[i];
    const values = normal ? (src as Value[]) : src.map(toValue);
    let numeric = true;
    let tagged = false;
    for (const v of values) {
      if (typeof v === 'number') continue;
      if (v === null || isError(v)) tagged = true;
      else numeric = false;
    }
    if (numeric) {
      const vals = new Float64Array(values.length);
      const tags = tagged ? new Uint8Array(values.length) : null;
      values.forEach((v, i) => {
        if (typeof v === 'number') vals[i] = v;
        else if (v === null) (tags as Uint8Array)[i] = TAG_BLANK;
        else {
          (tags as Uint8Array)[i] = TAG_ERROR;
          vals[i] = (v as FormulaError).index;
        }
      });
      out = { kind: K_NUM, vals, tags, any: null };
    } else out = { kind: K_ANY, vals: new Float64Array(0), tags: null, any: values };
  }
  preparedCache.set(col, out);
  return out;
}

function isNumericColumn(c: Column): c is NumericColumn {
  return (
    !Array.isArray(c) && !(c instanceof Float64Array) && (c as NumericColumn).values instanceof Float64Array
  );
}

class TableView {
  private readonly cols = new Map<string, Lanes | null>();
  constructor(readonly table: Table) {}
  get length(): number {
    return this.table.length;
  }
  /** The prepared column, or null when the table has no such column (#REF!). Own properties only. */
  column(name: string): Lanes | null {
    const hit = this.cols.get(name);
    if (hit !== undefined) return hit;
    const src = this.table.columns;
    const raw =
      src instanceof Map
        ? src.get(name)
        : Object.hasOwn(src, name)
          ? (src as Record<string, Column>)[name]
          : undefined;
    const lanes = raw === undefined ? null : prepare(raw as Column, this.table.length);
    this.cols.set(name, lanes);
    return lanes;
  }
}

// ---------------------------------------------------------------------------------------------
// Plans

interface Plan {
  stamp: number;
  /** The number every lane holds, for a numeric constant (so kernels can take it as a scalar). */
  constant?: number;
  out: Lanes;
  run(start: number, n: number): Lanes;
}

function exec(p: Plan, start: number, n: number): Lanes {
  if (p.stamp !== start) {
    p.out = p.run(start, n);
    p.stamp = start;
  }
  return p.out;
}

function numBuf(): Lanes {
  return { kind: K_NUM, vals: new Float64Array(CHUNK), tags: new Uint8Array(CHUNK), any: null };
}

/** Writes generic lane results into a node's buffers, choosing the narrowest chunk kind. */
function pack(buf: Lanes, values: Value[], n: number): Lanes {
  let kind = -1;
  let tagged = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const k =
      typeof v === 'number' ? K_NUM : typeof v === 'boolean' ? K_BOOL : v === null || isError(v) ? -1 : K_ANY;
    if (k === -1) tagged = true;
    else if (kind === -1) kind = k;
    else if (kind !== k) kind = K_ANY;
    if (kind === K_ANY) break;
  }
  if (kind === K_ANY) return { kind: K_ANY, vals: buf.vals, tags: null, any: values.slice(0, n) };
  const vals = buf.vals;
  const tags = buf.tags as Uint8Array;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) {
      vals[i] = 0;
      tags[i] = TAG_BLANK;
    } else if (typeof v === 'object') {
      vals[i] = v.index;
      tags[i] = TAG_ERROR;
    } else {
      vals[i] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
      tags[i] = 0;
    }
  }
  return { kind: kind === -1 ? K_NUM : kind, vals, tags: tagged ? tags : null, any: null };
}

/** IF/IFS lane choice: a branch index (≥ 0), or −1 − the index of an error value. */
const PENDING = -100;

/** A condition lane as IF reads it: 1 TRUE, 0 FALSE, or −1 − error index (text not TRUE/FALSE is #VALUE!). */
function truthAt(c: Lanes, i: number): number {
  if (c.kind !== K_ANY) {
    const t = c.tags === null ? 0 : c.tags[i];
    if (t === 0) return c.vals[i] !== 0 ? 1 : 0;
    return t === TAG_BLANK ? 0 : -1 - c.vals[i];
  }
  const v = (c.any as Value[])[i];
  const b = isError(v) ? v : toBoolean(v);
  return b === true ? 1 : b === false ? 0 : -1 - (b as FormulaError).index;
}

/**
 * Lane i takes lane i of `branches[choice[i]]`, or the error −1 − choice[i]. Branches no lane chose may
 * be null (never computed). Typed lanes are copied directly; mixed kinds go through `pack`.
 */
function select(
  buf: Lanes,
  branches: readonly (Lanes | null)[],
  choice: Int32Array,
  n: number,
  scratch: Value[],
): Lanes {
  let kind = -1;
  let mixed = false;
  for (const b of branches) {
    if (b === null) continue;
    if (b.kind === K_ANY || (kind !== -1 && kind !== b.kind)) mixed = true;
    kind = b.kind;
  }
  if (mixed) {
    for (let i = 0; i < n; i++) {
      const c = choice[i];
      scratch[i] = c >= 0 ? laneValue(branches[c] as Lanes, i) : errorFromIndex(-1 - c);
    }
    return pack(buf, scratch, n);
  }
  const vals = buf.vals;
  const tags = buf.tags as Uint8Array;
  let tagged = false;
  for (let i = 0; i < n; i++) {
    const c = choice[i];
    if (c >= 0) {
      const b = branches[c] as Lanes;
      const t = b.tags === null ? 0 : b.tags[i];
      vals[i] = b.vals[i];
      tags[i] = t;
      if (t !== 0) tagged = true;
    } else {
      vals[i] = -1 - c;
      tags[i] = TAG_ERROR;
      tagged = true;
    }
  }
  return { kind: kind === -1 ? K_NUM : kind, vals, tags: tagged ? tags : null, any: null };
}

function constPlan(v: Value): Plan {
  const buf = numBuf();
  const values = new Array<Value>(CHUNK).fill(v);
  const out = pack(buf, values, CHUNK);
  return { stamp: -1, out, run: () => out, constant: typeof v === 'number' ? v : undefined };
}

// ---------------------------------------------------------------------------------------------
// Kernels: one small monomorphic loop per operator over untagged lanes. Arithmetic kernels return
// false when a lane is not finite (÷0, overflow), and the caller redoes the chunk lane by lane.
// `s += r - r` stays 0 for finite results and turns NaN otherwise, without a branch per lane.

type VV = (x: Float64Array, y: Float64Array, o: Float64Array, n: number) => boolean;
type VS = (x: Float64Array, c: number, o: Float64Array, n: number) => boolean;

const KERNELS_VV: Readonly<Record<string, VV | undefined>> = {
  '+': (x, y, o, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] + y[i];
      o[i] = r;
      s += r - r;
    }
    return s === 0;
  },
  '-': (x, y, o, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] - y[i];
      o[i] = r;
      s += r - r;
    }
    return s === 0;
  },
  '*': (x, y, o, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] * y[i];
      o[i] = r;
      s += r - r;
    }
    return s === 0;
  },
  // x / 0 is ±Infinity or NaN for finite x, so the finiteness test also catches division by zero.
  '/': (x, y, o, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] / y[i];
      o[i] = r;
      s += r - r;
    }
    return s === 0;
  },
  '<': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] < y[i]);
    return true;
  },
  '<=': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] <= y[i]);
    return true;
  },
  '>': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] > y[i]);
    return true;
  },
  '>=': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] >= y[i]);
    return true;
  },
  '=': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] === y[i]);
    return true;
  },
  '<>': (x, y, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] !== y[i]);
    return true;
  },
};

/** Kernels with a constant right operand; '-/' and '//' are the constant-on-the-left forms. */
const KERNELS_VS: Readonly<Record<string, VS | undefined>> = {
  '+': (x, c, o, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] + c;
      o[i] = r;
      s += r - r;
    }
    return s === 0;
  },
  '-': (x, c, o, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] - c;
      o[i] = r;
      s += r - r;
    }
    return s === 0;
  },
  '-/': (x, c, o, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = c - x[i];
      o[i] = r;
      s += r - r;
    }
    return s === 0;
  },
  '*': (x, c, o, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] * c;
      o[i] = r;
      s += r - r;
    }
    return s === 0;
  },
  '/': (x, c, o, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] / c;
      o[i] = r;
      s += r - r;
    }
    return s === 0;
  },
  '//': (x, c, o, n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = c / x[i];
      o[i] = r;
      s += r - r;
    }
    return s === 0;
  },
  '<': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] < c);
    return true;
  },
  '<=': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] <= c);
    return true;
  },
  '>': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] > c);
    return true;
  },
  '>=': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] >= c);
    return true;
  },
  '=': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] === c);
    return true;
  },
  '<>': (x, c, o, n) => {
    for (let i = 0; i < n; i++) o[i] = Number(x[i] !== c);
    return true;
  },
};

// MIN/MAX of two arguments, in the order FAST_REDUCERS compares them (the first wins ties: MAX(0, -0) is 0).
function maxXY(x: Float64Array, y: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = y[i] > x[i] ? y[i] : x[i];
}
function minXY(x: Float64Array, y: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = y[i] < x[i] ? y[i] : x[i];
}
function maxCX(c: number, y: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = y[i] > c ? y[i] : c;
}
function minCX(c: number, y: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = y[i] < c ? y[i] : c;
}
function maxXC(x: Float64Array, c: number, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = c > x[i] ? c : x[i];
}
function minXC(x: Float64Array, c: number, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = c < x[i] ? c : x[i];
}

/** IF over untagged lanes of one kind: each lane takes x or y by its condition lane (non-zero is TRUE). */
function selectXY(cond: Float64Array, x: Float64Array, y: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = cond[i] !== 0 ? x[i] : y[i];
}
function selectCY(cond: Float64Array, c: number, y: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = cond[i] !== 0 ? c : y[i];
}
function selectXC(cond: Float64Array, x: Float64Array, c: number, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = cond[i] !== 0 ? x[i] : c;
}
function countTrue(cond: Float64Array, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += Number(cond[i] !== 0);
  return t;
}

/** `c op x` as a kernel over x: + and * commute exactly in IEEE arithmetic, comparisons mirror. */
const FLIPPED: Readonly<Record<string, string | undefined>> = {
  '+': '+',
  '*': '*',
  '-': '-/',
  '/': '//',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '=': '=',
  '<>': '<>',
};

/** A field's plan: reads the column of the table it is bound to (`null`: no such column, #REF!). */
interface FieldPlan extends Plan {
  readonly name: string;
  col: Lanes | null;
}

/** What a plan holds between evaluations: nothing of the last table (see `Planner.release`). */
const NO_LANES: Lanes = { kind: K_NUM, vals: new Float64Array(0), tags: null, any: null };

/** The table a plan is bound to between evaluations: none. */
const NO_TABLE = new TableView({ length: 0, columns: new Map() });

/** Builds plans for row-level nodes; identical sub-expressions share one plan (and one computation). */
class Planner {
  private readonly byKey = new Map<string, Plan>();
  private readonly refStack: string[] = [];
  readonly plans: Plan[] = [];
  private readonly fields: FieldPlan[] = [];
  /** True once a `@name` was planned: the plan then depends on what the context's formulas resolve to. */
  usedRefs = false;

  constructor(
    private view: TableView,
    private readonly ctx: CallContext,
    private readonly resolve: (name: string) => CompiledFormula | undefined,
    private readonly registry: FunctionRegistry,
  ) {}

  /**
   * Points the plan at another table: every field plan reads that table's column (or is #REF! when it has
   * none, as a freshly built plan would be) and no plan keeps a chunk computed over the previous table.
   */
  bind(view: TableView): void {
    this.view = view;
    for (const f of this.fields) f.col = view.column(f.name);
    this.reset();
  }

  /** Drops every reference to the last table's data, so a cached plan does not keep it alive. */
  release(): void {
    this.view = NO_TABLE;
    for (const f of this.fields) f.col = null;
    for (const p of this.plans) {
      p.stamp = -1;
      p.out = NO_LANES;
    }
  }

  plan(node: Node): Plan {
    const key = node.type === 'ref' ? `@${this.refStack.join('/')}/${node.name}` : unparse(node);
    let p = this.byKey.get(key);
    if (!p) {
      p = this.make(node);
      this.byKey.set(key, p);
      this.plans.push(p);
    }
    return p;
  }

  /** Runs a plan over all rows into one result column. */
  materialize(p: Plan): ColumnResult {
    const n = this.view.length;
    let vals = new Float64Array(n);
    let tags: Uint8Array | null = null;
    let any: Value[] | null = null;
    let kind = -1;
    for (let start = 0; start < n; start += CHUNK) {
      const m = Math.min(CHUNK, n - start);
      const b = exec(p, start, m);
      const k = b.kind;
      if (kind === -1) kind = k;
      else if (kind !== k && kind !== K_ANY) {
        any = new ColumnResult(start, kind, vals, tags, null).toArray();
        kind = K_ANY;
      }
      if (kind === K_ANY) {
        any ??= [];
        for (let i = 0; i < m; i++) any.push(laneValue(b, i));
        continue;
      }
      vals.set(b.vals.subarray(0, m), start);
      if (b.tags) {
        tags ??= new Uint8Array(n);
        tags.set(b.tags.subarray(0, m), start);
      }
    }
    if (kind === K_ANY) vals = new Float64Array(0);
    return new ColumnResult(n, kind === -1 ? K_NUM : kind, vals, tags, any);
  }

  reset(): void {
    for (const p of this.plans) p.stamp = -1;
  }

  private make(node: Node): Plan {
    switch (node.type) {
      case 'number':
      case 'string':
      case 'boolean':
        return constPlan(node.value);
      case 'field':
        return this.field(node.name);
      case 'ref':
        return this.ref(node.name);
      case 'unary':
        return this.unary(node.op, this.plan(node.operand));
      case 'binary':
        return this.binary(node.op, this.plan(node.left), this.plan(node.right));
      case 'call':
        return this.call(node);
    }
  }

  private field(name: string): Plan {
    if (isReservedName(name)) return constPlan(NAME);
    const missing = constPlan(REF).out;
    const plan: FieldPlan = {
      name,
      col: this.view.column(name),
      stamp: -1,
      out: NO_LANES,
      run: (start, n) => {
        const col = plan.col;
        if (col === null) return missing;
        return col.kind === K_ANY
          ? { kind: K_ANY, vals: col.vals, tags: null, any: (col.any as Value[]).slice(start, start + n) }
          : {
              kind: K_NUM,
              vals: col.vals.subarray(start, start + n),
              tags: col.tags ? col.tags.subarray(start, start + n) : null,
              any: null,
            };
      },
    };
    this.fields.push(plan);
    return plan;
  }

  private ref(name: string): Plan {
    this.usedRefs = true;
    if (isReservedName(name)) return constPlan(NAME);
    if (this.refStack.includes(name)) return constPlan(CYCLE);
    const f = this.resolve(name);
    if (!f) return constPlan(REF);
    if (!f.ast) return constPlan(f.failure ?? VALUE);
    this.refStack.push(name);
    const p = this.plan(f.ast);
    this.refStack.pop();
    return p;
  }

  /** Runs `f` lane by lane on decoded values: the row semantics, used for any non-fast lane. */
  private generic(args: readonly Plan[], f: (vals: Value[]) => Value): Plan {
    const buf = numBuf();
    const out = new Array<Value>(CHUNK);
    const vals = new Array<Value>(args.length);
    return {
      stamp: -1,
      out: buf,
      run: (start, n) => {
        const bs = args.map((a) => exec(a, start, n));
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < bs.length; k++) vals[k] = laneValue(bs[k], i);
          out[i] = f(vals);
        }
        return pack(buf, out, n);
      },
    };
  }

  private unary(op: '-' | '+' | '%', a: Plan): Plan {
    const slow = this.generic([a], (v) => applyUnary(op, v[0]));
    const buf = numBuf();
    const sign = op === '-' ? -1 : 1;
    const scale = op === '%' ? 100 : 1;
    return {
      stamp: -1,
      out: buf,
      run: (start, n) => {
        const x = exec(a, start, n);
        if (x.kind === K_ANY) return slow.run(start, n);
        const xv = x.vals;
        const xt = x.tags;
        const vals = buf.vals;
        if (xt === null) {
          if (op === '%') for (let i = 0; i < n; i++) vals[i] = xv[i] / scale;
          else for (let i = 0; i < n; i++) vals[i] = sign * xv[i];
          return { kind: K_NUM, vals, tags: null, any: null };
        }
        const tags = buf.tags as Uint8Array;
        for (let i = 0; i < n; i++) {
          if (xt[i] === TAG_ERROR) {
            vals[i] = xv[i];
            tags[i] = TAG_ERROR;
          } else {
            vals[i] = op === '%' ? xv[i] / scale : op === '-' ? -xv[i] : xv[i];
            tags[i] = 0;
          }
        }
        return { kind: K_NUM, vals, tags, any: null };
      },
    };
  }

  private binary(op: Parameters<typeof applyBinary>[0], a: Plan, b: Plan): Plan {
    const slow = this.generic([a, b], (v) => applyBinary(op, v[0], v[1]));
    if (op === '&') return slow;
    const buf = numBuf();
    const comparison = isComparison(op);
    const test = comparison ? compareOp(op) : null;
    const f = comparison ? null : ARITHMETIC[op as keyof typeof ARITHMETIC];
    return {
      stamp: -1,
      out: buf,
      run: (start, n) => {
        const x = exec(a, start, n);
        const y = exec(b, start, n);
        if (x.kind === K_ANY || y.kind === K_ANY || (comparison && x.kind !== y.kind))
          return slow.run(start, n);
        const xv = x.vals;
        const yv = y.vals;
        const vals = buf.vals;
        const tags = buf.tags as Uint8Array;
        const kind = comparison ? K_BOOL : K_NUM;
        const xc = a.constant;
        const yc = b.constant;
        if (x.tags === null && y.tags === null) {
          const ok =
            yc !== undefined
              ? KERNELS_VS[op]?.(xv, yc, vals, n)
              : xc !== undefined && FLIPPED[op] !== undefined
                ? KERNELS_VS[FLIPPED[op] as string]?.(yv, xc, vals, n)
                : KERNELS_VV[op]?.(xv, yv, vals, n);
          if (ok) return { kind, vals, tags: null, any: null };
        }
        // Lanes with tags (errors) or results needing an error (÷0, overflow, ^): per lane, same code as rows.
        const xt = x.tags;
        const yt = y.tags;
        let tagged = false;
        // + − × ÷ go through their kernel over every lane first: a lane that is no error and whose result
        // is finite has exactly what the operator gives, so only the others call it (a call per lane,
        // returning a boxed number, was most of a tagged column's cost — and blanks tag most columns).
        const kernel = comparison || op === '^' ? undefined : KERNELS_VV[op];
        if (kernel !== undefined) kernel(xv, yv, vals, n);
        for (let i = 0; i < n; i++) {
          if (xt !== null && xt[i] === TAG_ERROR) {
            vals[i] = xv[i];
            tags[i] = TAG_ERROR;
            tagged = true;
          } else if (yt !== null && yt[i] === TAG_ERROR) {
            vals[i] = yv[i];
            tags[i] = TAG_ERROR;
            tagged = true;
          } else if (kernel !== undefined && vals[i] - vals[i] === 0) {
            tags[i] = 0;
          } else {
            const xi = xv[i];
            const yi = yv[i];
            const r = test
              ? test(xi < yi ? -1 : xi > yi ? 1 : 0)
                ? 1
                : 0
              : (f as (p: number, q: number) => Value)(xi, yi);
            if (typeof r === 'number') {
              vals[i] = r;
              tags[i] = 0;
            } else {
              vals[i] = (r as FormulaError).index;
              tags[i] = TAG_ERROR;
              tagged = true;
            }
          }
        }
        return { kind, vals, tags: tagged ? tags : null, any: null };
      },
    };
  }

  private call(node: CallNode): Plan {
    const def = this.registry.get(node.name);
    if (!def) return constPlan(NAME);
    if (!arityAccepts(def, node.args.length)) return constPlan(VALUE);
    const args = node.args.map((a) => this.plan(a));
    const ctx = this.ctx;
    if (def.kind === 'lazy') {
      if (def === BUILTIN.IF) return this.ifPlan(args[0], args[1], args[2] ?? constPlan(false));
      if (def === BUILTIN.IFS) return this.ifsPlan(args);
      if (def === BUILTIN.IFERROR) return this.ifErrorPlan(args[0], args[1]);
      return this.lazy(def, args);
    }
    const isRef = node.args.map((a) => a.type === 'field');
    if (def === BUILTIN.AND || def === BUILTIN.OR) {
      return this.logicalPlan(
        def === BUILTIN.AND,
        args,
        this.generic(args, (v) => applyEager(def, v, isRef, ctx)),
      );
    }
    const slow = this.generic(args, (v) => applyEager(def, v, isRef, ctx));
    if (def.kind === 'scalar' && def.numeric && def.params.every((q) => q.type === 'number')) {
      return this.numericCall(def.numeric, args, slow);
    }
    if (def.kind === 'aggregate' && def.fast) return this.rowReduce(def.fast, args, isRef, slow);
    return slow;
  }

  /** Scalar functions with a numeric kernel: the kernel runs per lane when no argument lane is an error. */
  private numericCall(
    kernel: (...a: number[]) => number | FormulaError,
    args: readonly Plan[],
    slow: Plan,
  ): Plan {
    const buf = numBuf();
    const k = args.length;
    const tmp = new Array<number>(k);
    return {
      stamp: -1,
      out: buf,
      run: (start, n) => {
        const bs = args.map((a) => exec(a, start, n));
        if (bs.some((b) => b.kind === K_ANY)) return slow.run(start, n);
        const vals = buf.vals;
        const tags = buf.tags as Uint8Array;
        let tagged = false;
        lanes: for (let i = 0; i < n; i++) {
          for (let j = 0; j < k; j++) {
            const t = bs[j].tags;
            if (t !== null && t[i] === TAG_ERROR) {
              vals[i] = bs[j].vals[i];
              tags[i] = TAG_ERROR;
              tagged = true;
              continue lanes;
            }
            tmp[j] = bs[j].vals[i];
          }
          const r =
            k === 1
              ? kernel(tmp[0])
              : k === 2
                ? kernel(tmp[0], tmp[1])
                : k === 3
                  ? kernel(tmp[0], tmp[1], tmp[2])
                  : kernel(...tmp);
          if (typeof r === 'number' && r - r === 0) {
            vals[i] = r;
            tags[i] = 0;
          } else {
            vals[i] = typeof r === 'number' ? 4 /* #NUM! */ : r.index;
            tags[i] = TAG_ERROR;
            tagged = true;
          }
        }
        return { kind: K_NUM, vals, tags: tagged ? tags : null, any: null };
      },
    };
  }

  /** MIN/MAX/SUM… of a row's own values: fast when every lane is a plain number. */
  private rowReduce(kind: FastReduce, args: readonly Plan[], isRef: readonly boolean[], slow: Plan): Plan {
    const buf = numBuf();
    const reduce = FAST_REDUCERS[kind];
    const k = args.length;
    const tmp = new Array<number>(k);
    return {
      stamp: -1,
      out: buf,
      run: (start, n) => {
        const bs = args.map((a) => exec(a, start, n));
        // A referenced boolean is skipped by range semantics, so only number chunks qualify for refs.
        if (bs.some((b, j) => b.kind === K_ANY || (isRef[j] && b.kind !== K_NUM) || b.tags !== null))
          return slow.run(start, n);
        const vals = buf.vals;
        const tags = buf.tags as Uint8Array;
        let tagged = false;
        if (k === 2 && (kind === 'min' || kind === 'max')) {
          const c0 = args[0].constant;
          const c1 = args[1].constant;
          const min = kind === 'min';
          if (c0 !== undefined) (min ? minCX : maxCX)(c0, bs[1].vals, vals, n);
          else if (c1 !== undefined) (min ? minXC : maxXC)(bs[0].vals, c1, vals, n);
          else (min ? minXY : maxXY)(bs[0].vals, bs[1].vals, vals, n);
          return { kind: K_NUM, vals, tags: null, any: null };
        }
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < k; j++) tmp[j] = bs[j].vals[i];
          const r = reduce(tmp);
          if (typeof r === 'number') {
            vals[i] = r;
            tags[i] = 0;
          } else {
            vals[i] = (r as FormulaError).index;
            tags[i] = TAG_ERROR;
            tagged = true;
          }
        }
        return { kind: K_NUM, vals, tags: tagged ? tags : null, any: null };
      },
    };
  }

  /**
   * IF: the condition runs over the chunk; when every lane agrees only that branch runs, otherwise both
   * branches run chunk-wise and each lane takes its own (an error in the other branch never shows).
   */
  private ifPlan(cond: Plan, a: Plan, b: Plan): Plan {
    const buf = numBuf();
    const choice = new Int32Array(CHUNK);
    const scratch = new Array<Value>(CHUNK);
    const branches: (Lanes | null)[] = [null, null];
    return {
      stamp: -1,
      out: buf,
      run: (start, n) => {
        const c = exec(cond, start, n);
        if (c.kind !== K_ANY && c.tags === null) {
          const cv = c.vals;
          const t = countTrue(cv, n);
          if (t === n) return exec(a, start, n);
          if (t === 0) return exec(b, start, n);
          const x = exec(a, start, n);
          const y = exec(b, start, n);
          if (x.kind === y.kind && x.kind !== K_ANY && x.tags === null && y.tags === null) {
            const vals = buf.vals;
            if (a.constant !== undefined) selectCY(cv, a.constant, y.vals, vals, n);
            else if (b.constant !== undefined) selectXC(cv, x.vals, b.constant, vals, n);
            else selectXY(cv, x.vals, y.vals, vals, n);
            return { kind: x.kind, vals, tags: null, any: null };
          }
          for (let i = 0; i < n; i++) choice[i] = cv[i] !== 0 ? 0 : 1;
          branches[0] = x;
          branches[1] = y;
          return select(buf, branches, choice, n, scratch);
        }
        let t = 0;
        let f = 0;
        for (let i = 0; i < n; i++) {
          const d = truthAt(c, i);
          if (d === 1) {
            choice[i] = 0;
            t++;
          } else if (d === 0) {
            choice[i] = 1;
            f++;
          } else choice[i] = d;
        }
        if (t === n) return exec(a, start, n);
        if (f === n) return exec(b, start, n);
        branches[0] = t > 0 ? exec(a, start, n) : null;
        branches[1] = f > 0 ? exec(b, start, n) : null;
        return select(buf, branches, choice, n, scratch);
      },
    };
  }

  /** IFS: conditions run in order over the lanes still undecided; then each used value runs once. */
  private ifsPlan(args: readonly Plan[]): Plan {
    const buf = numBuf();
    const pairs = args.length >> 1;
    const choice = new Int32Array(CHUNK);
    const scratch = new Array<Value>(CHUNK);
    const used = new Int32Array(pairs);
    const branches = new Array<Lanes | null>(pairs).fill(null);
    return {
      stamp: -1,
      out: buf,
      run: (start, n) => {
        choice.fill(PENDING, 0, n);
        used.fill(0);
        let pending = n;
        for (let j = 0; j < pairs && pending > 0; j++) {
          const c = exec(args[2 * j], start, n);
          for (let i = 0; i < n; i++) {
            if (choice[i] !== PENDING) continue;
            const d = truthAt(c, i);
            if (d === 0) continue;
            pending--;
            if (d === 1) {
              choice[i] = j;
              used[j]++;
            } else choice[i] = d;
          }
        }
        if (pending > 0) for (let i = 0; i < n; i++) if (choice[i] === PENDING) choice[i] = -1 - NA.index;
        for (let j = 0; j < pairs; j++) {
          if (used[j] === n) return exec(args[2 * j + 1], start, n);
          branches[j] = used[j] > 0 ? exec(args[2 * j + 1], start, n) : null;
        }
        return select(buf, branches, choice, n, scratch);
      },
    };
  }

  /** IFERROR: the fallback runs only for chunks with an error lane, and only error lanes take it. */
  private ifErrorPlan(value: Plan, fallback: Plan): Plan {
    const buf = numBuf();
    const choice = new Int32Array(CHUNK);
    const scratch = new Array<Value>(CHUNK);
    const branches: (Lanes | null)[] = [null, null];
    return {
      stamp: -1,
      out: buf,
      run: (start, n) => {
        const x = exec(value, start, n);
        let errors = 0;
        if (x.kind === K_ANY) {
          const xs = x.any as Value[];
          for (let i = 0; i < n; i++) {
            const e = isError(xs[i]);
            choice[i] = e ? 1 : 0;
            if (e) errors++;
          }
        } else if (x.tags !== null) {
          const xt = x.tags;
          for (let i = 0; i < n; i++) {
            const e = xt[i] === TAG_ERROR;
            choice[i] = e ? 1 : 0;
            if (e) errors++;
          }
        }
        if (errors === 0) return x;
        if (errors === n) return exec(fallback, start, n);
        branches[0] = x;
        branches[1] = exec(fallback, start, n);
        return select(buf, branches, choice, n, scratch);
      },
    };
  }

  /** AND/OR over number or boolean lanes: blanks skipped, the first error (in argument order) wins. */
  private logicalPlan(all: boolean, args: readonly Plan[], slow: Plan): Plan {
    const buf = numBuf();
    const k = args.length;
    return {
      stamp: -1,
      out: buf,
      run: (start, n) => {
        const bs = args.map((a) => exec(a, start, n));
        if (bs.some((b) => b.kind === K_ANY)) return slow.run(start, n);
        const vals = buf.vals;
        const tags = buf.tags as Uint8Array;
        let tagged = false;
        for (let i = 0; i < n; i++) {
          let seen = false;
          let acc = all;
          let err = -1;
          for (let j = 0; j < k; j++) {
            const b = bs[j];
            const t = b.tags === null ? 0 : b.tags[i];
            if (t === TAG_ERROR) {
              err = b.vals[i];
              break;
            }
            if (t === TAG_BLANK) continue;
            seen = true;
            if (all) acc = acc && b.vals[i] !== 0;
            else acc = acc || b.vals[i] !== 0;
          }
          if (err >= 0 || !seen) {
            vals[i] = err >= 0 ? err : VALUE.index;
            tags[i] = TAG_ERROR;
            tagged = true;
          } else {
            vals[i] = acc ? 1 : 0;
            tags[i] = 0;
          }
        }
        return { kind: K_BOOL, vals, tags: tagged ? tags : null, any: null };
      },
    };
  }

  /** Lazy functions: all arguments are computed per chunk (they are pure), then chosen per lane. */
  private lazy(def: LazyDef, args: readonly Plan[]): Plan {
    const buf = numBuf();
    const out = new Array<Value>(CHUNK);
    let bs: Lanes[] = [];
    let lane = 0;
    const thunks = args.map((_, k) => () => laneValue(bs[k], lane));
    const ctx = this.ctx;
    return {
      stamp: -1,
      out: buf,
      run: (start, n) => {
        bs = args.map((a) => exec(a, start, n));
        for (lane = 0; lane < n; lane++) out[lane] = def.fn(thunks, ctx);
        return pack(buf, out, n);
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Results

/** A computed column: numbers (with tags), booleans, or mixed values. */
export class ColumnResult {
  constructor(
    readonly length: number,
    /** @internal */ readonly kindCode: number,
    /** Lane values when the column is numeric or boolean (booleans as 0/1). */
    readonly values: Float64Array,
    /** Per-row tags (0 value, 1 blank, 2 error) or null when every row is a plain value. */
    readonly tags: Uint8Array | null,
    /** The values when the column mixes types (text, numbers…). */
    readonly mixed: Value[] | null,
  ) {}

  get kind(): 'number' | 'boolean' | 'mixed' {
    return this.kindCode === K_NUM ? 'number' : this.kindCode === K_BOOL ? 'boolean' : 'mixed';
  }

  get(i: number): Value {
    return laneValue({ kind: this.kindCode, vals: this.values, tags: this.tags, any: this.mixed }, i);
  }

  toArray(): Value[] {
    if (this.mixed) return this.mixed.slice(0, this.length);
    const out = new Array<Value>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.get(i);
    return out;
  }
}

function limitColumn(n: number): ColumnResult {
  const vals = new Float64Array(n).fill(LIMIT.index);
  return new ColumnResult(n, K_NUM, vals, new Uint8Array(n).fill(TAG_ERROR), null);
}

/**
 * Evaluates a row formula for every row of a columnar table, chunk by chunk over typed arrays.
 * Gives the same values as `compiled.evaluate(row)` on each row. Never throws.
 */
export function evaluateColumns(
  compiled: CompiledFormula,
  table: Table,
  context?: EvaluationContext,
): ColumnResult {
  if (!compiled.ast) {
    const v = compiled.failure ?? VALUE;
    return new ColumnResult(
      table.length,
      K_ANY,
      new Float64Array(0),
      null,
      new Array<Value>(table.length).fill(v),
    );
  }
  const env = makeEnv(() => VALUE, context, compiled.limits, 'aggregate', null);
  const view = new TableView(table);
  const cached = keptPlan(compiled);
  let planned: CachedPlan;
  if (cached !== undefined && !cached.busy) {
    cached.ctx.today = env.call.today;
    cached.planner.bind(view);
    planned = cached;
  } else {
    const ctx = { today: env.call.today };
    const planner = new Planner(view, ctx, env.resolve, compiled.registry);
    planned = { planner, root: planner.plan(compiled.ast), ctx, busy: false };
    // A plan that resolved `@names` depends on the context's formulas: it is built again on every call.
    if (cached === undefined && !planner.usedRefs) keepPlan(compiled, planned);
  }
  const planner = planned.planner;
  // Steps: every plan node runs once per row; the bound is checked before any work is done.
  if (planner.plans.length * table.length > env.maxSteps) {
    planner.release();
    return limitColumn(table.length);
  }
  planned.busy = true;
  try {
    return planner.materialize(planned.root);
  } finally {
    planned.busy = false;
    planner.release();
  }
}

/** A formula's columnar plan, built once and bound to each table it evaluates (see `evaluateColumns`). */
interface CachedPlan {
  readonly planner: Planner;
  readonly root: Plan;
  /** The call context the plan's functions read; `today` is set from each call's context. */
  readonly ctx: { today: number | undefined };
  /** In use by an evaluation that has not returned (a nested call then builds its own plan). */
  busy: boolean;
}

/**
 * Plans by compiled formula: planning (sub-expression keys, buffers of 2,048 lanes per node) is done once
 * per formula, not once per call — a scoring worker evaluates the same formulas batch after batch.
 * The buffers take ~20–50 KB per plan node, so what is kept is bounded by plan nodes: the least recently
 * used plans go first, and a plan of more than a quarter of the budget is never kept (built per call, as
 * before). The bound keeps at most a few tens of MB, whatever formulas a long-running process sees.
 */
const planCache = new Map<CompiledFormula, CachedPlan>();
const PLAN_CACHE_NODES = 512;
let planCacheNodes = 0;

function keptPlan(compiled: CompiledFormula): CachedPlan | undefined {
  const hit = planCache.get(compiled);
  if (hit !== undefined) {
    planCache.delete(compiled);
    planCache.set(compiled, hit);
  }
  return hit;
}

function keepPlan(compiled: CompiledFormula, planned: CachedPlan): void {
  const size = planned.planner.plans.length;
  if (size > PLAN_CACHE_NODES / 4) return;
  planCache.set(compiled, planned);
  planCacheNodes += size;
  for (const [f, p] of planCache) {
    if (planCacheNodes <= PLAN_CACHE_NODES) break;
    planCache.delete(f);
    planCacheNodes -= p.planner.plans.length;
  }
}

/** @internal For tests: how many plans and plan nodes are kept. */
export function keptPlans(): { plans: number; nodes: number } {
  return { plans: planCache.size, nodes: planCacheNodes };
}

// ---------------------------------------------------------------------------------------------
// Aggregates and group-by

interface Groups {
  readonly ids: Int32Array | null;
  readonly count: number;
  /** Row indices per group, built on demand for the generic reducers. */
  rows?: Int32Array[];
}

class ColumnarScope implements AggregateScope {
  current = 0;
  planner!: Planner;
  private readonly fast = new Map<AggregateSlot, Value[]>();
  private readonly columns = new Map<AggregateSlot, (ColumnResult | null)[]>();

  constructor(
    private readonly view: TableView,
    private readonly groups: Groups,
  ) {}

  reduce(slot: AggregateSlot, env: Env): Value {
    let per = this.fast.get(slot);
    if (per === undefined) {
      per = this.tryFast(slot, env) ?? [];
      this.fast.set(slot, per);
    }
    if (per.length > 0) return per[this.current];
    return this.generic(slot, env);
  }

  private charge(env: Env, units: number): boolean {
    env.steps += units * this.view.length;
    return env.steps <= env.maxSteps;
  }

  private column(node: Node, env: Env): ColumnResult | null {
    if (!this.charge(env, 1)) return null;
    if (node.type === 'field' && !isReservedName(node.name)) {
      const c = this.view.column(node.name);
      if (c && c.kind === K_NUM) return new ColumnResult(this.view.length, K_NUM, c.vals, c.tags, null);
    }
    this.planner.reset();
    const p = this.planner.plan(node);
    if (!this.charge(env, this.planner.plans.length)) return null;
    return this.planner.materialize(p);
  }

  /** SUM/AVERAGE/COUNT/MIN/MAX over number columns: one pass for every group at once. */
  private tryFast(slot: AggregateSlot, env: Env): Value[] | undefined {
    const kind = slot.def.fast;
    if (!kind || slot.args.some((a) => !a.column)) return undefined;
    const cols: ColumnResult[] = [];
    for (const a of slot.args) {
      const c = this.column(a.node, env);
      if (c === null) return new Array<Value>(this.groups.count).fill(LIMIT);
      if (c.kindCode !== K_NUM) {
        this.columns.set(slot, this.columns.get(slot) ?? []);
        return undefined;
      }
      cols.push(c);
    }
    return reduceGroups(kind, cols, this.groups);
  }

  private generic(slot: AggregateSlot, env: Env): Value {
    let cols = this.columns.get(slot);
    if (!cols || cols.length === 0) {
      cols = slot.args.map((a) => (a.column ? this.column(a.node, env) : null));
      this.columns.set(slot, cols);
    }
    const rows = this.groupRows();
    const args: ArgValue[] = [];
    for (let k = 0; k < slot.args.length; k++) {
      const a = slot.args[k];
      if (!a.column) {
        args.push(a.fn(env));
        continue;
      }
      const c = cols[k];
      if (c === null) return LIMIT;
      if (rows === null) args.push(c.toArray());
      else {
        const idx = rows[this.current];
        const vs = new Array<Value>(idx.length);
        for (let i = 0; i < idx.length; i++) vs[i] = c.get(idx[i]);
        args.push(vs);
      }
    }
    return applyEager(slot.def as AggregateDef, args, null, env.call);
  }

  private groupRows(): Int32Array[] | null {
    const g = this.groups;
    if (g.ids === null) return null;
    if (!g.rows) {
      const counts = new Int32Array(g.count);
      for (let i = 0; i < g.ids.length; i++) counts[g.ids[i]]++;
      g.rows = Array.from(counts, (c) => new Int32Array(c));
      const fill = new Int32Array(g.count);
      for (let i = 0; i < g.ids.length; i++) {
        const id = g.ids[i];
        g.rows[id][fill[id]++] = i;
      }
    }
    return g.rows;
  }
}

/** One pass per column: accumulators per group, same order and arithmetic as FAST_REDUCERS. */
function reduceGroups(kind: FastReduce, cols: readonly ColumnResult[], groups: Groups): Value[] {
  const G = groups.count;
  const ids = groups.ids;
  const acc = new Float64Array(G);
  const cnt = new Float64Array(G);
  const err = new Int16Array(G).fill(-1);
  const minmax = kind === 'min' || kind === 'max';
  for (const c of cols) {
    const v = c.values;
    const t = c.tags;
    const n = c.length;
    if (ids === null && t === null && kind === 'sum') {
      let s = acc[0];
      for (let i = 0; i < n; i++) s += v[i];
      acc[0] = s;
      cnt[0] += n;
      continue;
    }
    if (t === null && kind === 'sum' && ids !== null) {
      for (let i = 0; i < n; i++) acc[ids[i]] += v[i];
      continue;
    }
    for (let i = 0; i < n; i++) {
      const g = ids === null ? 0 : ids[i];
      const tag = t === null ? 0 : t[i];
      if (tag === 0) {
        const x = v[i];
        if (minmax) {
          if (cnt[g] === 0) acc[g] = x;
          else if (kind === 'min' ? x < acc[g] : x > acc[g]) acc[g] = x;
        } else acc[g] += x;
        cnt[g]++;
      } else if (tag === TAG_ERROR && err[g] < 0) err[g] = v[i];
    }
  }
  const out = new Array<Value>(G);
  for (let g = 0; g < G; g++) {
    if (kind !== 'count' && err[g] >= 0) out[g] = errorFromIndex(err[g]);
    else if (kind === 'sum') out[g] = finite(acc[g]);
    else if (kind === 'count') out[g] = cnt[g];
    else if (kind === 'average') out[g] = cnt[g] === 0 ? FAST_REDUCERS.average([]) : finite(acc[g] / cnt[g]);
    else out[g] = acc[g];
  }
  return out;
}

/**
 * Evaluates an aggregate formula (`SUM(revenue)/SUM(target)`, `AVERAGE(satisfaction)`,
 * `COUNTIF(region, "华东")`) over a columnar table. Never throws.
 */
export function aggregate(compiled: CompiledFormula, table: Table, context?: EvaluationContext): Value {
  return runGroups(compiled, table, { ids: null, count: 1 }, context)[0];
}

/** Evaluates an aggregate formula per group in one pass over the table (groups in order of first appearance). */
export function groupBy(
  compiled: CompiledFormula,
  table: Table,
  by: string | readonly string[],
  context?: EvaluationContext,
): GroupResult[] {
  const fields = typeof by === 'string' ? [by] : by;
  const view = new TableView(table);
  const n = table.length;
  const ids = new Int32Array(n);
  const keys: Value[][] = [];
  const sizes: number[] = [];
  const cols = fields.map((f) => (isReservedName(f) ? null : view.column(f)));
  const maxGroups = { ...compiled.limits, ...context?.limits }.maxGroups;
  if (cols.length === 1) {
    const c = cols[0];
    const index = new Map<unknown, number>();
    for (let i = 0; i < n; i++) {
      const v: Value =
        c === null
          ? REF
          : c.kind === K_ANY
            ? (c.any as Value[])[i]
            : c.tags === null
              ? c.vals[i]
              : laneValue(c, i);
      let id = index.get(v);
      if (id === undefined) {
        id = keys.length;
        if (id >= maxGroups) return [{ key: [LIMIT], value: LIMIT, rows: n }];
        index.set(v, id);
        keys.push([v]);
        sizes.push(0);
      }
      ids[i] = id;
      sizes[id]++;
    }
  } else {
    // Each key column's values numbered first (a Map per column, by the same equality as groupKey), then
    // one number per row from the column numbers: no text key is built per row.
    const coded = cols.map((c) => codeColumn(c, n));
    const radix = coded.reduce((r, c) => r * Math.max(1, c.count), 1);
    if (radix > Number.MAX_SAFE_INTEGER)
      return groupByText(compiled, table, cols, n, maxGroups, context, view);
    const index = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      let k = 0;
      for (let c = 0; c < coded.length; c++) k = k * coded[c].count + coded[c].ids[i];
      let id = index.get(k);
      if (id === undefined) {
        id = keys.length;
        if (id >= maxGroups) return [{ key: [LIMIT], value: LIMIT, rows: n }];
        index.set(k, id);
        // The group's first row's values (0 and -0 number alike but keep their sign, as before).
        keys.push(cols.map((c) => (c === null ? REF : laneValue(c, i))));
        sizes.push(0);
      }
      ids[i] = id;
      sizes[id]++;
    }
  }
  const values = runGroups(compiled, table, { ids, count: keys.length }, context, view);
  return keys.map((key, g) => ({ key, value: values[g], rows: sizes[g] }));
}

/** A key column's values numbered in order of first appearance (null column: #REF! on every row). */
function codeColumn(c: Lanes | null, n: number): { ids: Int32Array; count: number } {
  const ids = new Int32Array(n);
  const index = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    const v: Value = c === null ? REF : laneValue(c, i);
    let id = index.get(v);
    if (id === undefined) {
      id = index.size;
      index.set(v, id);
    }
    ids[i] = id;
  }
  return { ids, count: index.size };
}

/** Grouping by a text key per row: for key columns too many to number in one safe integer. */
function groupByText(
  compiled: CompiledFormula,
  table: Table,
  cols: readonly (Lanes | null)[],
  n: number,
  maxGroups: number,
  context: EvaluationContext | undefined,
  view: TableView,
): GroupResult[] {
  const ids = new Int32Array(n);
  const keys: Value[][] = [];
  const sizes: number[] = [];
  const index = new Map<string, number>();
  const key = new Array<Value>(cols.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < cols.length; k++) key[k] = cols[k] === null ? REF : laneValue(cols[k] as Lanes, i);
    const s = groupKey(key);
    let id = index.get(s);
    if (id === undefined) {
      id = keys.length;
      if (id >= maxGroups) return [{ key: [LIMIT], value: LIMIT, rows: n }];
      index.set(s, id);
      keys.push(key.slice());
      sizes.push(0);
    }
    ids[i] = id;
    sizes[id]++;
  }
  const values = runGroups(compiled, table, { ids, count: keys.length }, context, view);
  return keys.map((k, g) => ({ key: k, value: values[g], rows: sizes[g] }));
}

function runGroups(
  compiled: CompiledFormula,
  table: Table,
  groups: Groups,
  context: EvaluationContext | undefined,
  view = new TableView(table),
): Value[] {
  const scope = new ColumnarScope(view, groups);
  const env = makeEnv(() => VALUE, context, compiled.limits, 'aggregate', scope);
  scope.planner = new Planner(view, env.call, env.resolve, compiled.registry);
  const out = new Array<Value>(groups.count);
  for (let g = 0; g < groups.count; g++) {
    scope.current = g;
    env.memo = null;
    out[g] = compiled.aggFn(env);
  }
  return out;
}
