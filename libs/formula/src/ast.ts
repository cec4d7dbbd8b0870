/** The formula AST: a discriminated union on `type`, with small builders. Spans are character offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '&' | '=' | '<>' | '<' | '<=' | '>' | '>=';
export type UnaryOp = '-' | '+' | '%';

export interface NumberNode extends Span {
  readonly type: 'number';
  readonly value: number;
}
export interface StringNode extends Span {
  readonly type: 'string';
  readonly value: string;
}
export interface BooleanNode extends Span {
  readonly type: 'boolean';
  readonly value: boolean;
}
/** A data field: `revenue`, `account.region`, `[销售额]`. The dotted name is one name, not member access. */
export interface FieldNode extends Span {
  readonly type: 'field';
  readonly name: string;
}
/** A reference to another named formula / KPI: `@growth_rate`, `@[客户满意度]`. */
export interface FormulaRefNode extends Span {
  readonly type: 'ref';
  readonly name: string;
}
/** `-x`, `+x` (prefix) and `x%` (postfix). */
export interface UnaryNode extends Span {
  readonly type: 'unary';
  readonly op: UnaryOp;
  readonly operand: Node;
}
export interface BinaryNode extends Span {
  readonly type: 'binary';
  readonly op: BinaryOp;
  readonly left: Node;
  readonly right: Node;
}
/** A function call; `name` is kept as written (e.g. `求和`), resolution happens in the registry. */
export interface CallNode extends Span {
  readonly type: 'call';
  readonly name: string;
  readonly args: readonly Node[];
}

export type Node =
  NumberNode | StringNode | BooleanNode | FieldNode | FormulaRefNode | UnaryNode | BinaryNode | CallNode;

const NO_SPAN: Span = { start: 0, end: 0 };

export const num = (value: number, s: Span = NO_SPAN): NumberNode => ({
  type: 'number',
  value,
  start: s.start,
  end: s.end,
});
export const str = (value: string, s: Span = NO_SPAN): StringNode => ({
  type: 'string',
  value,
  start: s.start,
  end: s.end,
});
export const bool = (value: boolean, s: Span = NO_SPAN): BooleanNode => ({
  type: 'boolean',
  value,
  start: s.start,
  end: s.end,
});
export const field = (name: string, s: Span = NO_SPAN): FieldNode => ({
  type: 'field',
  name,
  start: s.start,
  end: s.end,
});
export const ref = (name: string, s: Span = NO_SPAN): FormulaRefNode => ({
  type: 'ref',
  name,
  start: s.start,
  end: s.end,
});
export const unary = (op: UnaryOp, operand: Node, s: Span = NO_SPAN): UnaryNode => ({
  type: 'unary',
  op,
  operand,
  start: s.start,
  end: s.end,
});
export const binary = (op: BinaryOp, left: Node, right: Node, s: Span = NO_SPAN): BinaryNode => ({
  type: 'binary',
  op,
  left,
  right,
  start: s.start,
  end: s.end,
});
export const call = (name: string, args: readonly Node[], s: Span = NO_SPAN): CallNode => ({
  type: 'call',
  name,
  args,
  start: s.start,
  end: s.end,
});

/** The tree without positions, for structural comparison (round-trip tests, caches). */
export function stripSpans(node: Node): unknown {
  switch (node.type) {
    case 'unary':
      return { type: node.type, op: node.op, operand: stripSpans(node.operand) };
    case 'binary':
      return { type: node.type, op: node.op, left: stripSpans(node.left), right: stripSpans(node.right) };
    case 'call':
      return { type: node.type, name: node.name, args: node.args.map(stripSpans) };
    case 'field':
    case 'ref':
      return { type: node.type, name: node.name };
    default:
      return { type: node.type, value: node.value };
  }
}

/** Visits every node, parents first. */
export function walk(node: Node, visit: (n: Node) => void): void {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    visit(n);
    if (n.type === 'unary') stack.push(n.operand);
    else if (n.type === 'binary') stack.push(n.right, n.left);
    else if (n.type === 'call') for (let i = n.args.length - 1; i >= 0; i--) stack.push(n.args[i]);
  }
}
