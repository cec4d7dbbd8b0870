import { formatBilingual, type Bilingual, type FieldError } from '@keyscore/i18n';

export type { Bilingual, FieldError };

/** Builds a bilingual text; `{name}` placeholders are filled from `params` in both languages. */
export function text(
  zh: string,
  en: string,
  params: Readonly<Record<string, string | number>> = {},
): Bilingual {
  return formatBilingual({ 'zh-CN': zh, en }, params);
}

/** RFC 6901: `~` and `/` inside a token are escaped. */
export function pointer(...tokens: readonly (string | number)[]): string {
  return tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The first token of a pointer, unescaped (`/experience/delivery` → `experience`); '' for the root. */
export function firstToken(ptr: string): string {
  if (!ptr.startsWith('/')) return '';
  const end = ptr.indexOf('/', 1);
  return unescapeToken(end < 0 ? ptr.slice(1) : ptr.slice(1, end));
}

/** The tokens of a pointer, unescaped. */
export function pointerTokens(ptr: string): string[] {
  return ptr.startsWith('/') ? ptr.slice(1).split('/').map(unescapeToken) : [];
}

function unescapeToken(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}
