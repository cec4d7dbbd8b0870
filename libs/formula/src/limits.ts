/** Safety bounds. A hostile formula hits one of these and fails fast with a clear error. */
export interface FormulaLimits {
  /** Characters in the formula text (Excel allows 8,192). */
  readonly maxLength: number;
  /** Depth of the syntax tree, counting parentheses, calls and operators. */
  readonly maxDepth: number;
  /** Elements (AST nodes) in one formula. */
  readonly maxNodes: number;
  /** Node evaluations in one `evaluate(row)` call, including referenced formulas. */
  readonly maxRowSteps: number;
  /** Node evaluations × rows in one columnar / aggregate / group-by call. */
  readonly maxSteps: number;
  /** Distinct groups in one group-by. */
  readonly maxGroups: number;
}

export const DEFAULT_LIMITS: FormulaLimits = Object.freeze({
  maxLength: 8192,
  maxDepth: 128,
  maxNodes: 2048,
  maxRowSteps: 100_000,
  maxSteps: 2_000_000_000,
  maxGroups: 1_000_000,
});

export function withLimits(partial?: Partial<FormulaLimits>): FormulaLimits {
  return partial && partial !== DEFAULT_LIMITS ? { ...DEFAULT_LIMITS, ...partial } : DEFAULT_LIMITS;
}
