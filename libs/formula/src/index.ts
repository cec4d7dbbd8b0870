/**
 * @keyscore/formula — the formula language of Keyscore: an Excel-like language for KPI definitions,
 * scoring rules, workflow conditions and dashboard aggregates. Pure TypeScript; evaluation never throws.
 */
export * from './ast';
export { parse } from './parser';
export type { ParseResult } from './parser';
export { unparse, formatName } from './unparse';
export { check, parseCached } from './check';
export type { CheckOptions, CheckResult, CheckDiagnostic, FieldTypes } from './check';
export type { Dependencies } from './analyze';
export type { Diagnostic } from './diagnostics';
export { compile, compileUncached, clearCompileCache, CompiledFormula, rowReader } from './compile';
export type { CompileOptions, EvaluationContext, FormulaSource, RowInput } from './compile';
export { aggregateRows, groupByRows } from './evaluate-rows';
export type { GroupResult } from './evaluate-rows';
export {
  evaluateColumns,
  aggregate,
  groupBy,
  tableFromRows,
  ColumnResult,
  TAG_NUMBER,
  TAG_BLANK,
  TAG_ERROR,
} from './columnar';
export type { Column, NumericColumn, Table } from './columnar';
export { buildDependencyGraph } from './dependency-graph';
export type { DependencyGraph, NamedFormulas } from './dependency-graph';
export * from './errors';
export { DIAGNOSTIC_MESSAGES, formatMessage } from './messages';
export type { DiagnosticCode, Locale, LocalizedText } from './messages';
export { DEFAULT_LIMITS } from './limits';
export type { FormulaLimits } from './limits';
export { FunctionRegistry, defaultRegistry, BUILTIN_FUNCTIONS, arityOf } from './functions/registry';
export type { FunctionDef, ParamSpec, ParamType, Category } from './functions/types';
export { isReservedName } from './reserved';
export { roundDecimal } from './numeric';
export type { Value, ValueType } from './value';
export { isError, sameValue, displayValue, toValue, dateSerial } from './value';
