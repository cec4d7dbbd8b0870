import { BinaryOp, Node, UnaryOp, binary, bool, call, field, num, ref, str, unary } from './ast';
import { Diagnostic, makeDiagnostic } from './diagnostics';
import { Token, lex } from './lexer';
import { FormulaLimits, withLimits } from './limits';
import { DiagnosticCode } from './messages';

export interface ParseResult {
  /** The tree, or null when the formula has a syntax error or breaks a limit. */
  readonly ast: Node | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** Thrown inside the parser only, and always caught by `parse`: it never escapes. */
class ParseFailure {
  constructor(readonly diagnostic: Diagnostic) {}
}

const COMPARISON = new Set(['=', '<>', '<', '<=', '>', '>=']);
const ADDITIVE = new Set(['+', '-']);
const MULTIPLICATIVE = new Set(['*', '/']);
const POWER = new Set(['^']);
const CONCAT = new Set(['&']);

/**
 * Recursive descent with spreadsheet precedence, lowest first:
 * comparison < `&` < `+ -` < `* /` < `^` < postfix `%` < prefix `- +` (so `-2^2` is 4, as in Excel).
 * All binary operators are left-associative (`2^3^2` is 64, as in Excel).
 */
export function parse(text: string, limits?: Partial<FormulaLimits>): ParseResult {
  const lim = withLimits(limits);
  if (text.length > lim.maxLength) {
    return {
      ast: null,
      diagnostics: [
        makeDiagnostic(text, 'too-long', lim.maxLength, text.length - lim.maxLength, { max: lim.maxLength }),
      ],
    };
  }
  const lexed = lex(text);
  if (lexed.diagnostic) return { ast: null, diagnostics: [lexed.diagnostic] };
  const tokens = lexed.tokens;
  if (tokens.length === 1) return { ast: null, diagnostics: [makeDiagnostic(text, 'empty', 0, text.length)] };

  let pos = 0;
  let nodes = 0;

  const fail = (code: DiagnosticCode, t: Token, params: Record<string, string | number> = {}): never => {
    throw new ParseFailure(
      makeDiagnostic(text, code, t.start, Math.max(1, t.end - t.start), { text: t.text, ...params }),
    );
  };
  const peek = (): Token => tokens[pos];
  const unexpected = (t: Token): never =>
    t.kind === 'eof' ? fail('unexpected-end', t) : fail('unexpected-token', t);

  /** Registers a node, failing fast past the node limit. Tree depth is checked once after parsing. */
  const mk = <T extends Node>(n: T, at: Token): T => {
    if (++nodes > lim.maxNodes) fail('too-many-nodes', at, { max: lim.maxNodes });
    return n;
  };

  const guardDepth = (depth: number, at: Token): void => {
    if (depth > lim.maxDepth) fail('too-deep', at, { max: lim.maxDepth });
  };

  const binaryLevel =
    (ops: ReadonlySet<string>, next: (depth: number) => Node) =>
    (depth: number): Node => {
      let left = next(depth);
      while (peek().kind === 'op' && ops.has(peek().text)) {
        const t = tokens[pos++];
        const right = next(depth);
        left = mk(binary(t.text as BinaryOp, left, right, { start: left.start, end: right.end }), t);
      }
      return left;
    };

  const primary = (depth: number): Node => {
    const t = tokens[pos];
    switch (t.kind) {
      case 'number':
        pos++;
        return mk(num(t.value, t), t);
      case 'string':
        pos++;
        return mk(str(t.text, t), t);
      case 'field':
        pos++;
        return mk(field(t.text, t), t);
      case 'ref':
        pos++;
        return mk(ref(t.text, t), t);
      case 'lparen': {
        pos++;
        guardDepth(depth + 1, t);
        const inner = expression(depth + 1);
        if (peek().kind !== 'rparen') fail('expected-token', peek(), { expected: ')' });
        pos++;
        return inner;
      }
      case 'ident': {
        pos++;
        if (peek().kind === 'lparen') {
          const open = tokens[pos++];
          guardDepth(depth + 1, open);
          const args: Node[] = [];
          if (peek().kind !== 'rparen') {
            for (;;) {
              args.push(expression(depth + 1));
              if (peek().kind === 'comma') {
                pos++;
                continue;
              }
              break;
            }
          }
          const close = peek();
          if (close.kind !== 'rparen') fail('expected-token', close, { expected: ')' });
          pos++;
          return mk(call(t.text, args, { start: t.start, end: close.end }), t);
        }
        const upper = t.text.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') return mk(bool(upper === 'TRUE', t), t);
        return mk(field(t.text, t), t);
      }
      default:
        return unexpected(t);
    }
  };

  const prefix = (depth: number): Node => {
    const t = peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      pos++;
      guardDepth(depth + 1, t);
      const operand = prefix(depth + 1);
      return mk(unary(t.text as UnaryOp, operand, { start: t.start, end: operand.end }), t);
    }
    return primary(depth);
  };

  const postfix = (depth: number): Node => {
    let operand = prefix(depth);
    while (peek().kind === 'op' && peek().text === '%') {
      const t = tokens[pos++];
      operand = mk(unary('%', operand, { start: operand.start, end: t.end }), t);
    }
    return operand;
  };

  const power = binaryLevel(POWER, postfix);
  const multiplicative = binaryLevel(MULTIPLICATIVE, power);
  const additive = binaryLevel(ADDITIVE, multiplicative);
  const concat = binaryLevel(CONCAT, additive);
  const expression = binaryLevel(COMPARISON, concat);

  try {
    const ast = expression(0);
    if (peek().kind !== 'eof') unexpected(peek());
    // Left-leaning operator chains are built in loops, so their depth is measured here; a tree with
    // fewer nodes than the limit cannot be deeper than it.
    if (nodes > lim.maxDepth && treeDepth(ast) > lim.maxDepth) {
      return {
        ast: null,
        diagnostics: [makeDiagnostic(text, 'too-deep', 0, text.length, { max: lim.maxDepth })],
      };
    }
    return { ast, diagnostics: [] };
  } catch (e: unknown) {
    if (e instanceof ParseFailure) return { ast: null, diagnostics: [e.diagnostic] };
    // A RangeError (stack) cannot happen with the depth guard, but the contract is: never throw.
    return {
      ast: null,
      diagnostics: [makeDiagnostic(text, 'too-deep', 0, text.length, { max: lim.maxDepth })],
    };
  }
}

/** Depth of a tree, iteratively (no recursion, so any shape is safe). */
export function treeDepth(root: Node): number {
  let max = 0;
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [n, d] = stack.pop() as [Node, number];
    if (d > max) max = d;
    if (n.type === 'unary') stack.push([n.operand, d + 1]);
    else if (n.type === 'binary') stack.push([n.left, d + 1], [n.right, d + 1]);
    else if (n.type === 'call') for (const a of n.args) stack.push([a, d + 1]);
  }
  return max;
}
