import { CallNode, Node } from './ast';
import { Analysis, Dependencies, analyze } from './analyze';
import { Diagnostic } from './diagnostics';
import { CYCLE, FormulaError, LIMIT, NAME, REF, SYNTAX, VALUE } from './errors';
import { FAST_REDUCERS } from './functions/aggregate';
import { FunctionRegistry, arityAccepts, defaultRegistry, paramAt } from './functions/registry';
import { ArgValue, applyEager } from './functions/runtime';
import { AggregateDef, CallContext, FunctionDef } from './functions/types';
import { FormulaLimits, withLimits } from './limits';
import { ARITHMETIC, applyBinary, applyUnary, compareOp, isComparison } from './operators';
import { parse } from './parser';
import { isReservedName } from './reserved';
import { Value, ValueType, msToSerial, textToNumber, toValue } from './value';

/** A row of data: a Map, or a plain/null-prototype object read through own properties only. */
export type RowInput = ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;

/** Named formulas / KPIs that `@name` can refer to: compiled formulas or formula texts. */
export type FormulaSource =
  ReadonlyMap<string, CompiledFormula | string> | Readonly<Record<string, CompiledFormula | string>>;

export interface EvaluationContext {
  /** "Today" for TODAY(): an Excel serial, a Date or "yyyy-mm-dd". Without it TODAY() is #N/A. */
  readonly today?: number | Date | string;
  /** Formulas that `@name` refers to. */
  readonly formulas?: FormulaSource;
  /** Overrides of the evaluation-step limits. */
  readonly limits?: Partial<FormulaLimits>;
}

export interface CompileOptions {
  readonly limits?: Partial<FormulaLimits>;
  readonly registry?: FunctionRegistry;
}

/** @internal The mutable state of one evaluation. */
export interface Env {
  read: (name: string) => Value;
  steps: number;
  maxSteps: number;
  call: CallContext;
  resolve: (name: string) => CompiledFormula | undefined;
  readonly stack: string[];
  memo: Map<string, Value> | null;
  readonly agg: AggregateScope | null;
}

/** @internal Computes an aggregate call (SUM, COUNTIF…) over the current set of rows. */
export interface AggregateScope {
  reduce(slot: AggregateSlot, env: Env): Value;
}

export type Closure = (env: Env) => Value;

/** @internal One aggregate call at the aggregate level of a formula. */
export interface AggregateSlot {
  readonly def: AggregateDef;
  readonly node: CallNode;
  /** For column params: the row-level closure; otherwise the aggregate-level closure. */
  readonly args: readonly { readonly column: boolean; readonly node: Node; readonly fn: Closure }[];
}

const NO_ROW = (): Value => VALUE;

/** A formula compiled once and evaluated many times, with no re-parsing. */
export class CompiledFormula {
  /** @internal */ readonly rowFn: Closure;
  private aggregateLevel: Closure | null = null;
  private readonly aggregateSlots: AggregateSlot[] = [];
  /** The error every evaluation returns when the formula did not parse (#ERROR!) or broke a limit (#LIMIT!). */
  readonly failure: FormulaError | null;
  /** The evaluation state `evaluate` reuses from call to call (created on first use). */
  private rowEnv: RowEnv | null = null;

  constructor(
    readonly text: string,
    readonly ast: Node | null,
    readonly diagnostics: readonly Diagnostic[],
    readonly type: ValueType,
    readonly dependencies: Dependencies,
    readonly usesAggregates: boolean,
    /** @internal */ readonly registry: FunctionRegistry,
    /** @internal */ readonly limits: FormulaLimits,
  ) {
    const failure = diagnostics.find((d) => d.severity === 'error' && !ANALYSIS_CODES.has(d.code));
    if (!ast || failure) {
      const err = failure && LIMIT_CODES.has(failure.code) ? LIMIT : SYNTAX;
      this.failure = err;
      this.rowFn = () => err;
      this.aggregateLevel = this.rowFn;
      return;
    }
    this.failure = null;
    this.rowFn = build(ast, 'row', registry, this.aggregateSlots);
  }

  /** @internal The aggregate-level closure (built on first use: most formulas are only used per row). */
  get aggFn(): Closure {
    this.aggregateLevel ??= build(this.ast as Node, 'aggregate', this.registry, this.aggregateSlots);
    return this.aggregateLevel;
  }

  /** True when the formula parsed, stayed inside the limits and calls only known functions correctly. */
  get ok(): boolean {
    return !this.diagnostics.some((d) => d.severity === 'error');
  }

  /**
   * Evaluates the formula for one row. Never throws: failures are error values.
   * The evaluation state is reused between calls (nothing of a call is kept: see `RowEnv`), so a call
   * allocates nothing of its own; a call made while another is running gets a fresh state.
   */
  evaluate(row: RowInput, context?: EvaluationContext): Value {
    let env = this.rowEnv;
    if (env === null) env = this.rowEnv = new RowEnv();
    else if (env.busy) return this.rowFn(makeEnv(rowReader(row), context, this.limits, 'row', null));
    env.begin(row, context, this.limits);
    try {
      return this.rowFn(env);
    } finally {
      env.end();
    }
  }
}

/**
 * The state of one row evaluation, reused by the next: `begin` sets everything `makeEnv` would (steps,
 * step limit, today, formula resolution, the row) and `end` drops the row and memo, so no value or row
 * outlives its call. Derived parts of the context (today's serial, the resolver) are rebuilt only when
 * the context's own fields change (a resolver reads its formulas live, so keeping it is exact).
 */
class RowEnv implements Env {
  read: (name: string) => Value = NO_ROW;
  steps = 0;
  maxSteps = 0;
  call: CallContext = { today: undefined };
  resolve: (name: string) => CompiledFormula | undefined = NO_FORMULAS;
  readonly stack: string[] = [];
  memo: Map<string, Value> | null = null;
  readonly agg = null;
  busy = false;
  private row: RowInput | null = null;
  private today: number | Date | string | undefined = undefined;
  private formulas: FormulaSource | undefined = undefined;
  private readonly readMap = (name: string): Value => {
    const m = this.row as ReadonlyMap<string, unknown>;
    return m.has(name) ? toValue(m.get(name)) : REF;
  };
  private readonly readObject = (name: string): Value => {
    const o = this.row as Readonly<Record<string, unknown>>;
    return Object.hasOwn(o, name) ? toValue(o[name]) : REF;
  };

  begin(row: RowInput, context: EvaluationContext | undefined, limits: FormulaLimits): void {
    this.busy = true;
    this.row = row;
    this.read = row instanceof Map ? this.readMap : this.readObject;
    this.steps = 0;
    this.maxSteps = context?.limits ? { ...limits, ...context.limits }.maxRowSteps : limits.maxRowSteps;
    const today = context?.today;
    if (today !== this.today || today instanceof Date) {
      this.call = { today: normaliseToday(today) };
      this.today = today;
    }
    const formulas = context?.formulas;
    if (formulas !== this.formulas) {
      this.resolve = resolver(formulas);
      this.formulas = formulas;
    }
  }

  end(): void {
    this.row = null;
    this.read = NO_ROW;
    this.memo = null;
    this.stack.length = 0;
    this.busy = false;
  }
}

const ANALYSIS_CODES = new Set<string>([
  'unknown-function',
  'arity',
  'unknown-field',
  'unknown-formula',
  'reserved-name',
  'field-outside-aggregate',
]);
const LIMIT_CODES = new Set<string>(['too-long', 'too-deep', 'too-many-nodes']);

/** @internal */
export function makeEnv(
  read: (name: string) => Value,
  context: EvaluationContext | undefined,
  limits: FormulaLimits,
  kind: 'row' | 'aggregate',
  agg: AggregateScope | null,
): Env {
  const lim = context?.limits ? { ...limits, ...context.limits } : limits;
  return {
    read,
    steps: 0,
    maxSteps: kind === 'row' ? lim.maxRowSteps : lim.maxSteps,
    call: { today: normaliseToday(context?.today) },
    resolve: resolver(context?.formulas),
    stack: [],
    memo: null,
    agg,
  };
}

function normaliseToday(t: number | Date | string | undefined): number | undefined {
  if (t === undefined) return undefined;
  if (typeof t === 'number') return t;
  if (t instanceof Date) return Math.floor(msToSerial(t.getTime()));
  return textToNumber(t);
}

/** Reads fields through a Map or own properties only; a missing field is #REF!. */
export function rowReader(row: RowInput): (name: string) => Value {
  if (row instanceof Map) {
    const m = row as ReadonlyMap<string, unknown>;
    return (name) => (m.has(name) ? toValue(m.get(name)) : REF);
  }
  const o = row as Readonly<Record<string, unknown>>;
  return (name) => (Object.hasOwn(o, name) ? toValue(o[name]) : REF);
}

const NO_FORMULAS = (): undefined => undefined;

function resolver(source: FormulaSource | undefined): (name: string) => CompiledFormula | undefined {
  if (!source) return NO_FORMULAS;
  const get =
    source instanceof Map
      ? (name: string) => (source as ReadonlyMap<string, CompiledFormula | string>).get(name)
      : (name: string) => {
          const o = source as Readonly<Record<string, CompiledFormula | string>>;
          return Object.hasOwn(o, name) ? o[name] : undefined;
        };
  return (name) => {
    const f = get(name);
    if (f instanceof CompiledFormula) return f;
    return typeof f === 'string' ? compile(f) : undefined;
  };
}

// ---------------------------------------------------------------------------------------------
// Closure compilation. Each node becomes a small function; nothing is generated from user text.

function build(
  root: Node,
  mode: 'row' | 'aggregate',
  registry: FunctionRegistry,
  slots: AggregateSlot[],
): Closure {
  const go = (n: Node, m: 'row' | 'aggregate'): Closure => {
    switch (n.type) {
      case 'number':
      case 'string':
      case 'boolean': {
        const v = n.value;
        return () => v;
      }
      case 'field': {
        if (isReservedName(n.name)) return () => NAME;
        if (m === 'aggregate') return NO_ROW;
        const name = n.name;
        return (env) => (++env.steps > env.maxSteps ? LIMIT : env.read(name));
      }
      case 'ref':
        return refClosure(n.name, m);
      case 'unary': {
        const a = go(n.operand, m);
        const op = n.op;
        if (op === '-') {
          return (env) => {
            if (++env.steps > env.maxSteps) return LIMIT;
            const v = a(env);
            return typeof v === 'number' ? -v : applyUnary(op, v);
          };
        }
        return (env) => (++env.steps > env.maxSteps ? LIMIT : applyUnary(op, a(env)));
      }
      case 'binary': {
        const l = go(n.left, m);
        const r = go(n.right, m);
        const op = n.op;
        if (op === '&')
          return (env) => (++env.steps > env.maxSteps ? LIMIT : applyBinary(op, l(env), r(env)));
        const fast: (x: number, y: number) => Value = isComparison(op)
          ? (
              (test) => (x: number, y: number) =>
                test(x < y ? -1 : x > y ? 1 : 0)
            )(compareOp(op))
          : ARITHMETIC[op];
        return (env) => {
          if (++env.steps > env.maxSteps) return LIMIT;
          const x = l(env);
          const y = r(env);
          return typeof x === 'number' && typeof y === 'number' ? fast(x, y) : applyBinary(op, x, y);
        };
      }
      case 'call':
        return callClosure(n, m);
    }
  };

  const callClosure = (n: CallNode, m: 'row' | 'aggregate'): Closure => {
    const def = registry.get(n.name);
    if (!def) return () => NAME;
    if (!arityAccepts(def, n.args.length)) return () => VALUE;
    if (def.kind === 'aggregate' && m === 'aggregate') {
      const slot: AggregateSlot = {
        def,
        node: n,
        args: n.args.map((a, i) => {
          const column = paramAt(def, i).column === true;
          return { column, node: a, fn: go(a, column ? 'row' : 'aggregate') };
        }),
      };
      slots.push(slot);
      return (env) => (++env.steps > env.maxSteps ? LIMIT : env.agg ? env.agg.reduce(slot, env) : VALUE);
    }
    const args = n.args.map((a) => go(a, m));
    if (def.kind === 'lazy') {
      // The argument thunks are built once and read the evaluation this call runs in from `current`
      // (saved and restored, so a nested evaluation of the same call cannot disturb an outer one).
      const fn = def.fn;
      let current: Env | null = null;
      const thunks = args.map((a) => () => a(current as Env));
      return (env) => {
        if (++env.steps > env.maxSteps) return LIMIT;
        const outer = current;
        current = env;
        try {
          return fn(thunks, env.call);
        } finally {
          current = outer;
        }
      };
    }
    return eagerClosure(
      def,
      args,
      n.args.map((a) => a.type === 'field'),
    );
  };

  const refClosure = (name: string, m: 'row' | 'aggregate'): Closure => {
    if (isReservedName(name)) return () => NAME;
    return (env) => {
      if (++env.steps > env.maxSteps) return LIMIT;
      const memo = env.memo?.get(name);
      if (memo !== undefined) return memo;
      if (env.stack.includes(name)) return CYCLE;
      const f = env.resolve(name);
      if (!f) return REF;
      env.stack.push(name);
      const v = m === 'row' ? f.rowFn(env) : f.aggFn(env);
      env.stack.pop();
      (env.memo ??= new Map()).set(name, v);
      return v;
    };
  };

  return go(root, mode);
}

/** Scalar and row-level aggregate calls, with a fast path when every argument is a number. */
function eagerClosure(
  def: Exclude<FunctionDef, { kind: 'lazy' }>,
  args: readonly Closure[],
  isRef: readonly boolean[],
): Closure {
  const n = args.length;
  const numeric =
    def.kind === 'scalar' && def.numeric && def.params.every((q) => q.type === 'number')
      ? def.numeric
      : undefined;
  const reduce = def.kind === 'aggregate' && def.fast ? FAST_REDUCERS[def.fast] : undefined;
  // The argument arrays (as evaluated, as coerced for the function) are reused by the next call: every
  // slot is written before it is read and functions keep no argument. A call nested in one that holds
  // them (only possible through recursion) takes new ones.
  let spare: Scratch | null = { vals: new Array<ArgValue>(n), coerced: new Array<ArgValue>(n) };
  const run = (env: Env, { vals, coerced }: Scratch): Value => {
    let allNumbers = true;
    for (let i = 0; i < n; i++) {
      const v = args[i](env);
      vals[i] = v;
      if (typeof v !== 'number') allNumbers = false;
    }
    if (allNumbers) {
      if (numeric) {
        const r = callNumeric(numeric, vals as number[]);
        return typeof r === 'number' && r - r !== 0 ? applyEager(def, vals, isRef, env.call, coerced) : r;
      }
      if (reduce) return reduce(vals as number[]);
    }
    return applyEager(def, vals, isRef, env.call, coerced);
  };
  return (env) => {
    if (++env.steps > env.maxSteps) return LIMIT;
    const scratch = spare ?? { vals: new Array<ArgValue>(n), coerced: new Array<ArgValue>(n) };
    spare = null;
    try {
      return run(env, scratch);
    } finally {
      spare = scratch;
    }
  };
}

interface Scratch {
  readonly vals: ArgValue[];
  readonly coerced: ArgValue[];
}

/** Calls a numeric kernel with exactly the given arguments (no spread for the common arities). */
function callNumeric(
  f: (...a: number[]) => number | FormulaError,
  v: readonly number[],
): number | FormulaError {
  switch (v.length) {
    case 1:
      return f(v[0]);
    case 2:
      return f(v[0], v[1]);
    case 3:
      return f(v[0], v[1], v[2]);
    default:
      return f(...v);
  }
}

// ---------------------------------------------------------------------------------------------
// Compile with a parse cache keyed by text.

const CACHE_SIZE = 1000;
const cache = new Map<string, CompiledFormula>();

/**
 * Parses, checks and compiles a formula. Never throws: a formula with a syntax error compiles to
 * one that evaluates to #ERROR! (or #LIMIT! past a safety limit); see `diagnostics`.
 * Results are cached by text when no options are given.
 */
export function compile(text: string, options?: CompileOptions): CompiledFormula {
  if (options) return compileUncached(text, options);
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const c = compileUncached(text, {});
  cache.set(text, c);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return c;
}

export function compileUncached(text: string, options: CompileOptions = {}): CompiledFormula {
  const limits = withLimits(options.limits);
  const registry = options.registry ?? defaultRegistry;
  const parsed = parse(text, limits);
  let analysis: Analysis | undefined;
  if (parsed.ast) analysis = analyze(text, parsed.ast, { registry });
  return new CompiledFormula(
    text,
    parsed.ast,
    [...parsed.diagnostics, ...(analysis?.diagnostics ?? [])],
    analysis?.type ?? 'error',
    analysis?.dependencies ?? { fields: [], formulas: [], functions: [] },
    analysis?.usesAggregates ?? false,
    registry,
    limits,
  );
}

export function clearCompileCache(): void {
  cache.clear();
}
