import { Node } from './ast';
import { isIdentifier } from './lexer';

const PRECEDENCE: Readonly<Record<string, number>> = {
  '=': 1,
  '<>': 1,
  '<': 1,
  '<=': 1,
  '>': 1,
  '>=': 1,
  '&': 2,
  '+': 3,
  '-': 3,
  '*': 4,
  '/': 4,
  '^': 5,
};
const POSTFIX = 6;
const PREFIX = 7;
const ATOM = 8;

function precedence(n: Node): number {
  if (n.type === 'binary') return PRECEDENCE[n.op];
  if (n.type === 'unary') return n.op === '%' ? POSTFIX : PREFIX;
  return ATOM;
}

/** A name printed bare when the lexer would read it back as the same name, bracketed otherwise. */
export function formatName(name: string): string {
  const upper = name.toUpperCase();
  if (isIdentifier(name) && upper !== 'TRUE' && upper !== 'FALSE') return name;
  return `[${name.replace(/]/g, ']]')}]`;
}

export function formatNumber(value: number): string {
  // String() gives the shortest text that reads back as the same double; the lexer accepts e+NN.
  return String(value);
}

/**
 * Prints a tree back to formula text with the fewest parentheses that keep the same tree:
 * `parse(unparse(parse(t)))` equals `parse(t)` (the round-trip property the tests check).
 */
export function unparse(node: Node): string {
  switch (node.type) {
    case 'number':
      return formatNumber(node.value);
    case 'string':
      return `"${node.value.replace(/"/g, '""')}"`;
    case 'boolean':
      return node.value ? 'TRUE' : 'FALSE';
    case 'field':
      return formatName(node.name);
    case 'ref':
      return `@${formatName(node.name)}`;
    case 'call':
      return `${node.name}(${node.args.map(unparse).join(', ')})`;
    case 'unary': {
      const inner = unparse(node.operand);
      if (node.op === '%') return precedence(node.operand) < POSTFIX ? `(${inner})%` : `${inner}%`;
      return precedence(node.operand) < PREFIX ? `${node.op}(${inner})` : `${node.op}${inner}`;
    }
    case 'binary': {
      const p = PRECEDENCE[node.op];
      const l = unparse(node.left);
      const r = unparse(node.right);
      const left = precedence(node.left) < p ? `(${l})` : l;
      const right = precedence(node.right) <= p ? `(${r})` : r;
      return `${left} ${node.op} ${right}`;
    }
  }
}
