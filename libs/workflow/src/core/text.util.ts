import type { Bilingual } from '@keyscore/i18n';

/** Replaces `{name}` placeholders with the given values (unknown names stay as written). */
function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** A text in both languages; params are either the same in both or given per language. */
export function text(
  zh: string,
  en: string,
  params: Readonly<Record<string, string | number | Bilingual>> = {},
): Bilingual {
  const pick = (locale: keyof Bilingual) =>
    Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, typeof v === 'object' ? v[locale] : v]),
    ) as Record<string, string | number>;
  return { 'zh-CN': fill(zh, pick('zh-CN')), en: fill(en, pick('en')) };
}

/** Fills `{name}` in a bilingual message from instance data (text, numbers, booleans; blank shows as —). */
export function fillFromData(message: Bilingual, data: Readonly<Record<string, unknown>>): Bilingual {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    else if (typeof v === 'boolean') params[k] = String(v);
    else if (v === null) params[k] = '—';
  }
  return { 'zh-CN': fill(message['zh-CN'], params), en: fill(message.en, params) };
}

/** The `{name}` placeholders of a text. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/** RFC 6901 pointer from tokens. */
export function pointer(...tokens: readonly (string | number)[]): string {
  return tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
