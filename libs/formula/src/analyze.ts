import { CallNode, Node } from './ast';
import { Diagnostic, makeDiagnostic } from './diagnostics';
import { FunctionRegistry, arityAccepts, arityText, paramAt } from './functions/registry';
import { isReservedName } from './reserved';
import { ValueType } from './value';

export interface Dependencies {
  /** Data fields, in order of first use. */
  readonly fields: readonly string[];
  /** Other named formulas / KPIs referenced with `@name`. */
  readonly formulas: readonly string[];
  /** Canonical names of the functions called. */
  readonly functions: readonly string[];
}

export interface AnalyzeOptions {
  readonly registry: FunctionRegistry;
  /** Known fields and their types; when given, other fields are reported as unknown. */
  readonly fields?: ReadonlyMap<string, ValueType>;
  /** Known formula names and their result types; when given, other `@refs` are reported. */
  readonly formulas?: ReadonlyMap<string, ValueType>;
  /** 'aggregate': fields must sit inside an aggregate function (dashboards); default 'row'. */
  readonly mode?: 'row' | 'aggregate';
}

export interface Analysis {
  readonly type: ValueType;
  readonly diagnostics: Diagnostic[];
  readonly dependencies: Dependencies;
  /** The formula calls an aggregate function (SUM, COUNTIF…) somewhere. */
  readonly usesAggregates: boolean;
}

const NUMERIC_OPS = new Set(['+', '-', '*', '/', '^']);

/** Static checks on a parsed tree: names, arity, reserved names, aggregate placement, result type. */
export function analyze(text: string, ast: Node, opts: AnalyzeOptions): Analysis {
  const diagnostics: Diagnostic[] = [];
  const fields = new Set<string>();
  const formulas = new Set<string>();
  const functions = new Set<string>();
  let usesAggregates = false;
  const aggregateMode = opts.mode === 'aggregate';

  const at = (n: Node) => ({ start: n.start, length: Math.max(1, n.end - n.start) });
  const report = (
    n: Node,
    code: Parameters<typeof makeDiagnostic>[1],
    params: Record<string, string | number>,
    severity: 'error' | 'warning' = 'error',
  ) => {
    const { start, length } = at(n);
    diagnostics.push(makeDiagnostic(text, code, start, length, params, severity));
  };

  const visit = (n: Node, insideAggregate: boolean): ValueType => {
    switch (n.type) {
      case 'number':
        return 'number';
      case 'string':
        return 'text';
      case 'boolean':
        return 'boolean';
      case 'field': {
        if (isReservedName(n.name)) {
          report(n, 'reserved-name', { name: n.name });
          return 'error';
        }
        fields.add(n.name);
        if (aggregateMode && !insideAggregate) report(n, 'field-outside-aggregate', { name: n.name });
        if (opts.fields && !opts.fields.has(n.name)) {
          report(n, 'unknown-field', { name: n.name });
          return 'error';
        }
        return opts.fields?.get(n.name) ?? 'any';
      }
      case 'ref': {
        if (isReservedName(n.name)) {
          report(n, 'reserved-name', { name: n.name });
          return 'error';
        }
        formulas.add(n.name);
        if (opts.formulas && !opts.formulas.has(n.name)) {
          report(n, 'unknown-formula', { name: n.name });
          return 'error';
        }
        return opts.formulas?.get(n.name) ?? 'any';
      }
      case 'unary': {
        const t = visit(n.operand, insideAggregate);
        if (t === 'text' && n.operand.type === 'string')
          report(n, 'operand-type', { op: n.op, expected: 'number', actual: 'text' }, 'warning');
        return 'number';
      }
      case 'binary': {
        const l = visit(n.left, insideAggregate);
        const r = visit(n.right, insideAggregate);
        if (n.op === '&') return 'text';
        if (NUMERIC_OPS.has(n.op)) {
          for (const [side, t] of [
            [n.left, l],
            [n.right, r],
          ] as const) {
            if (t === 'text' && side.type === 'string' && Number.isNaN(Number(side.value.trim() || 'x'))) {
              report(side, 'operand-type', { op: n.op, expected: 'number', actual: 'text' }, 'warning');
            }
          }
          return l === 'date' && r === 'number' && (n.op === '+' || n.op === '-') ? 'date' : 'number';
        }
        return 'boolean';
      }
      case 'call':
        return visitCall(n, insideAggregate);
    }
  };

  const visitCall = (n: CallNode, insideAggregate: boolean): ValueType => {
    const def = opts.registry.get(n.name);
    if (!def) {
      report(n, 'unknown-function', { name: n.name });
      for (const a of n.args) visit(a, insideAggregate);
      return 'error';
    }
    functions.add(def.name);
    const isAgg = def.kind === 'aggregate';
    if (isAgg) usesAggregates = true;
    if (!arityAccepts(def, n.args.length)) {
      report(n, 'arity', { name: n.name, expected: arityText(def), count: n.args.length });
    }
    const types = n.args.map((a, i) => {
      const spec = paramAt(def, i);
      // In an aggregate formula, an aggregate's column argument is evaluated per row.
      return visit(a, insideAggregate || (isAgg && spec.column === true));
    });
    if (!arityAccepts(def, n.args.length)) return 'error';
    return typeof def.result === 'function' ? def.result(types) : def.result;
  };

  const type = visit(ast, !aggregateMode);
  return {
    type,
    diagnostics,
    dependencies: { fields: [...fields], formulas: [...formulas], functions: [...functions] },
    usesAggregates,
  };
}
