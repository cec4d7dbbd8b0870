/**
 * A deep copy of an instance state, which is plain JSON (README, invariant 1). Every transition copies the
 * state it starts from; on Node 20 `structuredClone` took about 20 µs for a typical state and this takes
 * about 3 µs. Anything that is not a plain object or array (a Date, say) is copied by `structuredClone`; an
 * own `__proto__` member stays a member. Members whose value is undefined are dropped, as in JSON.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = cloneJson(value[i] as unknown);
    return copy as T;
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    if (key === '__proto__')
      Object.defineProperty(copy, key, {
        value: cloneJson(member),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = cloneJson(member);
  }
  return copy as T;
}
