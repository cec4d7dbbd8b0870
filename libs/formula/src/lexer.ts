import { Diagnostic, makeDiagnostic } from './diagnostics';

export type TokenKind =
  'number' | 'string' | 'ident' | 'field' | 'ref' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier / name / operator text, string contents, or the number's source text. */
  readonly text: string;
  readonly value: number;
  readonly start: number;
  readonly end: number;
}

export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostic?: Diagnostic;
}

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[\p{L}_][\p{L}\p{N}\p{M}_.]*/uy;
const IDENT_START = /[\p{L}_]/u;
const OPS2 = new Set(['<>', '<=', '>=']);
const OPS1 = new Set(['+', '-', '*', '/', '^', '&', '=', '<', '>', '%']);

/** Full-width punctuation typed with a Chinese input method is accepted as its ASCII twin. */
const FULL_WIDTH = new Map([
  ['（', '('],
  ['）', ')'],
  ['，', ','],
  ['；', ','],
  [';', ','],
]);

export function isIdentifier(name: string): boolean {
  IDENT.lastIndex = 0;
  const m = IDENT.exec(name);
  return m !== null && m[0].length === name.length;
}

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const tok = (kind: TokenKind, t: string, start: number, end: number, value = 0): void => {
    tokens.push({ kind, text: t, value, start, end });
  };
  const fail = (
    code: 'unexpected-char' | 'unterminated-string' | 'unterminated-bracket' | 'empty-name',
    at: number,
    len: number,
  ) => ({
    tokens,
    diagnostic: makeDiagnostic(text, code, at, len, { text: text.slice(at, at + len) }),
  });
  let i = 0;
  // A leading "=" is how spreadsheet users start formulas; it is accepted and ignored.
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] === '=') i++;
  while (i < text.length) {
    const raw = text.charCodeAt(i);
    if (raw === 32 || raw === 9 || raw === 10 || raw === 13 || raw === 0x3000) {
      i++;
      continue;
    }
    const c = raw > 127 || raw === 59 ? (FULL_WIDTH.get(text[i]) ?? text[i]) : text[i];
    const start = i;
    if ((c >= '0' && c <= '9') || (c === '.' && text[i + 1] >= '0' && text[i + 1] <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text) as RegExpExecArray;
      i += m[0].length;
      tok('number', m[0], start, i, Number(m[0]));
      continue;
    }
    if (c === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) return fail('unterminated-string', start, text.length - start);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += text[i++];
      }
      tok('string', s, start, i);
      continue;
    }
    if (c === '[' || (c === '@' && text[i + 1] === '[')) {
      const isRef = c === '@';
      i += isRef ? 2 : 1;
      let s = '';
      for (;;) {
        if (i >= text.length) return fail('unterminated-bracket', start, text.length - start);
        if (text[i] === ']') {
          if (text[i + 1] === ']') {
            s += ']';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += text[i++];
      }
      if (s.trim() === '') return fail('empty-name', start, i - start);
      tok(isRef ? 'ref' : 'field', s, start, i);
      continue;
    }
    if (c === '@') {
      IDENT.lastIndex = i + 1;
      const m = IDENT.exec(text);
      if (!m) return fail('unexpected-char', i, 1);
      i += 1 + m[0].length;
      tok('ref', m[0], start, i);
      continue;
    }
    const code = c.charCodeAt(0);
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95) {
      // ASCII identifier fast path; falls back to the Unicode regex on the first non-ASCII character.
      let j = i + 1;
      for (; j < text.length; j++) {
        const k = text.charCodeAt(j);
        if (!((k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 46))
          break;
      }
      if (j >= text.length || text.charCodeAt(j) < 128) {
        tok('ident', text.slice(i, j), start, j);
        i = j;
        continue;
      }
    }
    if (
      code > 127
        ? IDENT_START.test(String.fromCodePoint(text.codePointAt(i) as number))
        : (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95
    ) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(text);
      if (m) {
        i += m[0].length;
        tok('ident', m[0], start, i);
        continue;
      }
    }
    if (c === '(' || c === ')' || c === ',') {
      i++;
      tok(c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', c, start, i);
      continue;
    }
    const two = c === '<' || c === '>' ? text.slice(i, i + 2) : '';
    if (OPS2.has(two)) {
      i += 2;
      tok('op', two, start, i);
      continue;
    }
    if (OPS1.has(c)) {
      i++;
      tok('op', c, start, i);
      continue;
    }
    const cp = text.codePointAt(i) as number;
    return fail('unexpected-char', i, cp > 0xffff ? 2 : 1);
  }
  tok('eof', '', text.length, text.length);
  return { tokens };
}
