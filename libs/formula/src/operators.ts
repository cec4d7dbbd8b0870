import { BinaryOp, UnaryOp } from './ast';
import { divide, finite, power } from './numeric';
import { Value, compareValues, isError, toNumber, toText } from './value';

type NumOp = (a: number, b: number) => Value;

/** Arithmetic on already-coerced numbers; shared by the row path and the columnar fast path. */
export const ARITHMETIC: Readonly<Record<'+' | '-' | '*' | '/' | '^', NumOp>> = {
  '+': (a, b) => finite(a + b),
  '-': (a, b) => finite(a - b),
  '*': (a, b) => finite(a * b),
  '/': divide,
  '^': power,
};

const COMPARE: Readonly<Record<'=' | '<>' | '<' | '<=' | '>' | '>=', (c: number) => boolean>> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

export function isComparison(op: BinaryOp): op is keyof typeof COMPARE {
  return op in COMPARE;
}

export function isArithmetic(op: BinaryOp): op is keyof typeof ARITHMETIC {
  return op in ARITHMETIC;
}

export function compareOp(op: keyof typeof COMPARE): (c: number) => boolean {
  return COMPARE[op];
}

/** Spreadsheet semantics of a binary operator on two values; errors propagate left first. */
export function applyBinary(op: BinaryOp, a: Value, b: Value): Value {
  if (isError(a)) return a;
  if (isError(b)) return b;
  if (op === '&') {
    const x = toText(a);
    const y = toText(b);
    return typeof x !== 'string' ? x : typeof y !== 'string' ? y : x + y;
  }
  if (isComparison(op)) return COMPARE[op](compareValues(a, b));
  const x = toNumber(a);
  if (typeof x !== 'number') return x;
  const y = toNumber(b);
  if (typeof y !== 'number') return y;
  return ARITHMETIC[op](x, y);
}

export function applyUnary(op: UnaryOp, a: Value): Value {
  if (isError(a)) return a;
  const x = toNumber(a);
  if (typeof x !== 'number') return x;
  if (op === '-') return -x;
  if (op === '+') return x;
  return x / 100;
}
