import { FormulaError } from '../errors';
import { LocalizedText } from '../messages';
import { Value, ValueType } from '../value';

/** How the runtime coerces an argument before the function sees it. */
export type ParamType = 'number' | 'text' | 'boolean' | 'date' | 'any';

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly optional?: boolean;
  /**
   * Aggregate functions: the argument is a column (a range). In an aggregate formula it is evaluated
   * for every row of the data set; in a row formula it is the single value of this row.
   */
  readonly column?: boolean;
  /** The function handles error values itself (ISERROR, IFERROR); otherwise the first error propagates. */
  readonly acceptsErrors?: boolean;
  readonly description: LocalizedText;
}

export type Category = 'math' | 'logic' | 'text' | 'date' | 'aggregate' | 'scoring';

export interface CallContext {
  /** Excel serial of "today", from the evaluation context, so results are reproducible. */
  readonly today: number | undefined;
}

export type Thunk = () => Value;

interface BaseDef {
  /** Canonical upper-case name, e.g. `STDEV.S`. */
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly category: Category;
  readonly params: readonly ParamSpec[];
  /** The last `repeat` params repeat (IFS: 2, SUM: 1). */
  readonly repeat?: number;
  /** Extra arity rule beyond min/max, e.g. IFS needs pairs. */
  readonly arityOk?: (count: number) => boolean;
  readonly result: ValueType | ((args: readonly ValueType[]) => ValueType);
  readonly description: LocalizedText;
  /** Examples for the editor; each is also a test in the function specs. */
  readonly example?: string;
}

/** Arguments arrive coerced to the declared param types; errors have already propagated. */
export interface ScalarDef extends BaseDef {
  readonly kind: 'scalar';
  readonly fn?: (args: readonly Value[], ctx: CallContext) => Value;
  /**
   * The whole function for all-number params; used by the row path and, lane by lane, by the
   * columnar fast path, so both give identical results.
   */
  readonly numeric?: (...args: number[]) => number | FormulaError;
}

/** Arguments arrive unevaluated (IF, IFS, SWITCH, IFERROR): only what is needed is evaluated. */
export interface LazyDef extends BaseDef {
  readonly kind: 'lazy';
  readonly fn: (args: readonly Thunk[], ctx: CallContext) => Value;
}

/** Fast reducers the columnar evaluator runs directly over Float64Array columns. */
export type FastReduce = 'sum' | 'average' | 'count' | 'min' | 'max';

/** Column params arrive as arrays of values (ranges); other params arrive coerced. */
export interface AggregateDef extends BaseDef {
  readonly kind: 'aggregate';
  readonly fn: (args: readonly (readonly Value[] | Value)[], ctx: CallContext) => Value;
  readonly fast?: FastReduce;
}

export type FunctionDef = ScalarDef | LazyDef | AggregateDef;

export const p = (
  name: string,
  type: ParamType,
  en: string,
  zh: string,
  extra: Partial<Pick<ParamSpec, 'optional' | 'column' | 'acceptsErrors'>> = {},
): ParamSpec => ({ name, type, description: { en, 'zh-CN': zh }, ...extra });
