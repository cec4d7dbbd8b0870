import { ErrorCode, errorOf } from '../errors';
import { Value, isError } from '../value';

/** Expected values in tables: error codes are written as strings starting with '#'. */
export type Expected = number | string | boolean | null | { error: ErrorCode };

export const err = (code: ErrorCode): Expected => ({ error: code });

export function describeValue(v: Value): string {
  return isError(v) ? v.code : JSON.stringify(v);
}

/** Numbers match to 1e-12 relative (results such as STDEV are irrational); everything else exactly. */
export function matches(actual: Value, expected: Expected): boolean {
  if (expected !== null && typeof expected === 'object')
    return isError(actual) && actual === errorOf(expected.error);
  if (typeof expected === 'number' && typeof actual === 'number') {
    return actual === expected || Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected));
  }
  return actual === expected;
}
