import { Node } from './ast';
import { Dependencies, analyze } from './analyze';
import { Diagnostic } from './diagnostics';
import { FunctionRegistry, defaultRegistry } from './functions/registry';
import { FormulaLimits } from './limits';
import { Locale } from './messages';
import { ParseResult, parse } from './parser';
import { ValueType } from './value';

/** Known fields: a list of names, or names with their types (for type inference). */
export type FieldTypes =
  readonly string[] | ReadonlyMap<string, ValueType> | Readonly<Record<string, ValueType>>;

export interface CheckOptions {
  /** Language of `text` on each diagnostic (both languages are always in `message`). Default 'en'. */
  readonly locale?: Locale;
  /** Known named formulas (for `@name`), as names or names with result types. */
  readonly formulas?: FieldTypes;
  /** 'aggregate' for dashboard formulas: fields must be inside SUM, AVERAGE… Default 'row'. */
  readonly mode?: 'row' | 'aggregate';
  readonly limits?: Partial<FormulaLimits>;
  readonly registry?: FunctionRegistry;
}

export interface CheckDiagnostic extends Diagnostic {
  /** The message in the requested locale. */
  readonly text: string;
}

export interface CheckResult {
  readonly ok: boolean;
  /** The inferred result type ('any' when it depends on data). */
  readonly type: ValueType;
  readonly diagnostics: readonly CheckDiagnostic[];
  readonly dependencies: Dependencies;
  readonly usesAggregates: boolean;
  readonly ast: Node | null;
}

function toTypeMap(f: FieldTypes | undefined): ReadonlyMap<string, ValueType> | undefined {
  if (f === undefined) return undefined;
  if (Array.isArray(f)) return new Map((f as readonly string[]).map((n) => [n, 'any' as ValueType]));
  if (f instanceof Map) return f as ReadonlyMap<string, ValueType>;
  return new Map(Object.entries(f as Readonly<Record<string, ValueType>>));
}

const parseCache = new Map<string, ParseResult>();

/** Parses with a small cache keyed by text (only with default limits). */
export function parseCached(text: string, limits?: Partial<FormulaLimits>): ParseResult {
  if (limits) return parse(text, limits);
  const hit = parseCache.get(text);
  if (hit) return hit;
  const r = parse(text);
  if (parseCache.size >= 1000) parseCache.delete(parseCache.keys().next().value as string);
  parseCache.set(text, r);
  return r;
}

/**
 * What an editor needs: diagnostics with positions and messages in zh-CN and en, the inferred
 * result type, and the dependencies (fields, other formulas, functions). Never throws.
 */
export function check(formula: string, fields?: FieldTypes, options: CheckOptions = {}): CheckResult {
  const locale = options.locale ?? 'en';
  const parsed = parseCached(formula, options.limits);
  const withText = (d: Diagnostic): CheckDiagnostic => ({ ...d, text: d.message[locale] });
  if (!parsed.ast) {
    return {
      ok: false,
      type: 'error',
      diagnostics: parsed.diagnostics.map(withText),
      dependencies: { fields: [], formulas: [], functions: [] },
      usesAggregates: false,
      ast: null,
    };
  }
  const a = analyze(formula, parsed.ast, {
    registry: options.registry ?? defaultRegistry,
    fields: toTypeMap(fields),
    formulas: toTypeMap(options.formulas),
    mode: options.mode,
  });
  return {
    ok: !a.diagnostics.some((d) => d.severity === 'error'),
    type: a.type,
    diagnostics: a.diagnostics.map(withText),
    dependencies: a.dependencies,
    usesAggregates: a.usesAggregates,
    ast: parsed.ast,
  };
}
