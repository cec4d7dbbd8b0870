import {
  AggregateScope,
  AggregateSlot,
  CompiledFormula,
  Env,
  EvaluationContext,
  RowInput,
  makeEnv,
  rowReader,
} from './compile';
import { LIMIT, VALUE } from './errors';
import { applyEager, ArgValue } from './functions/runtime';
import { Value } from './value';

export interface GroupResult {
  /** The values of the group-by fields for this group. */
  readonly key: readonly Value[];
  readonly value: Value;
  /** Rows in the group. */
  readonly rows: number;
}

const NO_FIELD = (): Value => VALUE;

/** Aggregates over an in-memory list of rows (the reference path; `aggregate` is the fast one). */
class RowsScope implements AggregateScope {
  private readonly memo = new Map<AggregateSlot, Value>();
  constructor(private readonly readers: readonly ((name: string) => Value)[]) {}

  reduce(slot: AggregateSlot, env: Env): Value {
    const hit = this.memo.get(slot);
    if (hit !== undefined) return hit;
    const args: ArgValue[] = [];
    for (const a of slot.args) {
      if (!a.column) {
        args.push(a.fn(env));
        continue;
      }
      const out = new Array<Value>(this.readers.length);
      const read = env.read;
      const memo = env.memo;
      for (let i = 0; i < this.readers.length; i++) {
        env.read = this.readers[i];
        env.memo = null;
        out[i] = a.fn(env);
      }
      env.read = read;
      env.memo = memo;
      args.push(out);
    }
    const v = env.steps > env.maxSteps ? LIMIT : applyEager(slot.def, args, null, env.call);
    this.memo.set(slot, v);
    return v;
  }
}

/** Evaluates an aggregate formula (`SUM(revenue)/SUM(target)`) over rows. Never throws. */
export function aggregateRows(
  compiled: CompiledFormula,
  rows: readonly RowInput[],
  context?: EvaluationContext,
): Value {
  const scope = new RowsScope(rows.map(rowReader));
  return compiled.aggFn(makeEnv(NO_FIELD, context, compiled.limits, 'aggregate', scope));
}

/** Group key of a list of values: type-tagged so 1 and "1" stay apart. */
export function groupKey(values: readonly Value[]): string {
  let k = '';
  for (const v of values) {
    k += v === null ? 'b' : typeof v === 'object' ? `e${v.code}` : `${(typeof v)[0]}${String(v)}`;
    k += '\u0000';
  }
  return k;
}

/** Evaluates an aggregate formula per group of rows (groups in order of first appearance). */
export function groupByRows(
  compiled: CompiledFormula,
  rows: readonly RowInput[],
  by: string | readonly string[],
  context?: EvaluationContext,
): GroupResult[] {
  const fields = typeof by === 'string' ? [by] : by;
  const groups = new Map<string, { key: Value[]; rows: RowInput[] }>();
  for (const row of rows) {
    const read = rowReader(row);
    const key = fields.map(read);
    const k = groupKey(key);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key, rows: [] }));
    g.rows.push(row);
  }
  return [...groups.values()].map((g) => ({
    key: g.key,
    value: aggregateRows(compiled, g.rows, context),
    rows: g.rows.length,
  }));
}
