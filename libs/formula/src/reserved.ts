/**
 * Names that could reach JavaScript object internals if a lookup ever used a plain object. Lookups
 * use null-prototype maps anyway; these names are refused outright, in any spelling: any case,
 * full-width forms (NFKC), as any dotted segment (`a.__proto__`), and any `__x__` dunder name.
 */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

export function isReservedName(name: string): boolean {
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
