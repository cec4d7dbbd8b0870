/**
 * Names that could reach JavaScript object internals if a lookup ever used a plain object. Lookups
 * use null-prototype maps anyway; these names are refused outright, in any spelling: any case,
 * full-width forms (NFKC), as any dotted segment (`a.__proto__`), and any `__x__` dunder name.
 */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

const cache = new Map<string, boolean>();

export function isReservedName(name: string): boolean {
  // Fast path: plain ASCII names without "__", "constructor" or "prototype" cannot be reserved.
  if (/^[\x20-\x7e]*$/.test(name)) {
    const lower = name.toLowerCase();
    if (!lower.includes('__') && !lower.includes('constructor') && !lower.includes('prototype')) return false;
  }
  let hit = cache.get(name);
  if (hit === undefined) {
    hit = slowCheck(name);
    if (cache.size > 10_000) cache.clear();
    cache.set(name, hit);
  }
  return hit;
}

function slowCheck(name: string): boolean {
  const n = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
  if (RESERVED.has(n.trim())) return true;
  for (const seg of n.split(/[.\s[\]]+/)) {
    if (RESERVED.has(seg) || /^__.*__$/.test(seg)) return true;
  }
  return false;
}
