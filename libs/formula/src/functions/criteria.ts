import { Value, compareValues, isError, textToNumber } from '../value';

/**
 * Excel criteria for SUMIF/COUNTIF/AVERAGEIF(S): a value matches equal values (a number matches
 * numbers and numeric text), or a text with an operator prefix `= <> < <= > >=`, with `*` and `?`
 * wildcards (`~` escapes them) for text equality. "" matches blanks; "<>" matches non-blanks.
 */
export function criterion(crit: Value): (v: Value) => boolean {
  if (isError(crit)) return () => false;
  if (crit === null) crit = '';
  if (typeof crit === 'number') return (v) => numberOf(v) === crit;
  if (typeof crit === 'boolean') return (v) => v === crit;
  const m = /^(<=|>=|<>|<|>|=)?([\s\S]*)$/.exec(crit) as RegExpExecArray;
  const op = m[1] ?? '=';
  const operand = m[2];
  const n = textToNumber(operand);
  if (operand === '') {
    if (op === '=') return (v) => v === null || v === '';
    if (op === '<>') return (v) => v !== null && v !== '';
    return () => false;
  }
  if (n !== undefined) {
    const test = cmp(op);
    if (op === '<>') return (v) => numberOf(v) !== n;
    return (v) => {
      const x = numberOf(v);
      return x !== undefined && test(x < n ? -1 : x > n ? 1 : 0);
    };
  }
  const upper = operand.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') {
    const b = upper === 'TRUE';
    if (op === '=') return (v) => v === b;
    if (op === '<>') return (v) => v !== b;
  }
  if (op === '=' || op === '<>') {
    const re = wildcard(operand);
    const eq = (v: Value) => typeof v === 'string' && re.test(v);
    return op === '=' ? eq : (v) => !eq(v);
  }
  const test = cmp(op);
  return (v) => typeof v === 'string' && test(compareValues(v, operand));
}

function numberOf(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return textToNumber(v);
  return undefined;
}

function cmp(op: string): (c: number) => boolean {
  switch (op) {
    case '<':
      return (c) => c < 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    case '>=':
      return (c) => c >= 0;
    default:
      return (c) => c === 0;
  }
}

type Pattern = readonly (string | 1 | 2)[]; // a character, 1 = '?', 2 = '*'

/** A wildcard matcher without regular expressions: O(text × pattern), so no catastrophic backtracking. */
function wildcard(pattern: string): { test(text: string): boolean } {
  const pat: (string | 1 | 2)[] = [];
  const cs = Array.from(pattern.toLowerCase());
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c === '~' && i + 1 < cs.length) pat.push(cs[++i]);
    else pat.push(c === '*' ? 2 : c === '?' ? 1 : c);
  }
  return { test: (text) => matches(pat, Array.from(text.toLowerCase())) };
}

function matches(pat: Pattern, s: readonly string[]): boolean {
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (i < s.length) {
    if (j < pat.length && (pat[j] === 1 || pat[j] === s[i])) {
      i++;
      j++;
    } else if (j < pat.length && pat[j] === 2) {
      star = j++;
      mark = i;
    } else if (star >= 0) {
      j = star + 1;
      i = ++mark;
    } else return false;
  }
  while (j < pat.length && pat[j] === 2) j++;
  return j === pat.length;
}
