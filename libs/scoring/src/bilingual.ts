import { formatBilingual, type Bilingual } from '@keyscore/i18n';

export type { Bilingual };

/** One validation problem: an RFC 6901 pointer into the document and a message in both languages. */
export interface ScoringIssue {
  readonly pointer: string;
  readonly message: Bilingual;
}

/** Builds a bilingual text; `{name}` placeholders are filled from `params` in both languages. */
export function text(
  zh: string,
  en: string,
  params: Readonly<Record<string, string | number>> = {},
): Bilingual {
  return formatBilingual({ 'zh-CN': zh, en }, params);
}

/** RFC 6901: `~` and `/` inside a token are escaped so a KPI key with a slash still points right. */
export function pointer(...tokens: readonly (string | number)[]): string {
  return tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
