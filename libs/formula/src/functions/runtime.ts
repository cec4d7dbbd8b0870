import { NUM, VALUE } from '../errors';
import { Value, isError, toBoolean, toNumber, toText } from '../value';
import { paramAt } from './registry';
import { AggregateDef, CallContext, ParamType, ScalarDef } from './types';

/** An evaluated argument: a value, or a column of values for an aggregate's column param. */
export type ArgValue = Value | readonly Value[];

export function coerce(v: Value, type: ParamType): Value {
  switch (type) {
    case 'number':
    case 'date':
      return toNumber(v);
    case 'text':
      return toText(v);
    case 'boolean':
      return toBoolean(v);
    default:
      return v;
  }
}

/**
 * Calls an eager (scalar or aggregate) function: arity was checked at compile time; here every
 * argument is coerced to its declared type and errors propagate, in one place for all functions.
 * `isRef[i]` marks arguments that are direct field references: for a column param they keep range
 * semantics (text and blanks skipped) as a cell reference does in Excel; other values are coerced.
 * `into` (optional): an array of `args.length` slots to write the coerced arguments to instead of a new one
 * (every slot is written before the function sees it; functions keep no argument).
 */
export function applyEager(
  def: ScalarDef | AggregateDef,
  args: readonly ArgValue[],
  isRef: readonly boolean[] | null,
  ctx: CallContext,
  into?: ArgValue[],
): Value {
  const out = into ?? new Array<ArgValue>(args.length);
  for (let i = 0; i < args.length; i++) {
    const spec = paramAt(def, i);
    const a = args[i];
    if (spec.column) {
      if (Array.isArray(a)) out[i] = a;
      else if (isRef?.[i] || spec.type === 'any') out[i] = [a as Value];
      else out[i] = [coerce(a as Value, spec.type)];
      continue;
    }
    const v = a as Value;
    if (isError(v) && !spec.acceptsErrors) return v;
    const c = isError(v) ? v : coerce(v, spec.type);
    if (isError(c) && !spec.acceptsErrors) return c;
    out[i] = c;
  }
  let r: Value;
  if (def.kind === 'aggregate') r = def.fn(out, ctx);
  else if (def.fn) r = def.fn(out as Value[], ctx);
  else if (def.numeric) r = def.numeric(...(out as number[]));
  else r = VALUE;
  return typeof r === 'number' && r - r !== 0 ? NUM : r;
}
