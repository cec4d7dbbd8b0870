/** The two languages every user-facing text exists in. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A text in both languages. */
export type Bilingual = Record<Locale, string>;

/**
 * Picks the caller's language from an explicit choice (`?lang=`) or an Accept-Language header.
 * Anything Chinese maps to zh-CN; everything else to English.
 */
export function pickLocale(explicit?: string | null, acceptLanguage?: string | null): Locale {
  const first = (explicit || acceptLanguage || '').trim().toLowerCase();
  if (!first) return 'en';
  const preferred = first.split(',')[0]?.split(';')[0]?.trim() ?? '';
  return preferred.startsWith('zh') ? 'zh-CN' : 'en';
}

/** Replaces `{name}` placeholders with the given values. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Both languages of a text with their `{placeholders}` filled. */
export function formatBilingual(text: Bilingual, params: Record<string, string | number> = {}): Bilingual {
  return { 'zh-CN': format(text['zh-CN'], params), en: format(text.en, params) };
}

export function translate(text: Bilingual, locale: Locale, params?: Record<string, string | number>): string {
  return format(text[locale], params);
}
