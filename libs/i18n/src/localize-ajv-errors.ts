import type { ErrorObject } from 'ajv';
import localize from 'ajv-i18n';
import type { Bilingual } from './locale';

/** One validation problem: where (RFC 6901 JSON pointer) and what, in both languages. */
export interface FieldError {
  pointer: string;
  message: Bilingual;
}

/**
 * Turns ajv errors into bilingual field errors. `root` prefixes the pointer (e.g. '/body').
 * A missing required property points at the property itself, not at its parent, so a form can show the
 * message next to the right field.
 */
export function localizeAjvErrors(
  errors: readonly ErrorObject[] | null | undefined,
  root = '',
): FieldError[] {
  if (!errors?.length) return [];
  const en = errors.map((e) => ({ ...e }));
  const zh = errors.map((e) => ({ ...e }));
  localize.en(en);
  localize.zh(zh);
  return errors.map((error, i) => ({
    pointer: root + pointerOf(error),
    message: { en: en[i]?.message ?? 'is invalid', 'zh-CN': zh[i]?.message ?? '无效' },
  }));
}

function pointerOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return `${error.instancePath}/${escapePointerToken(params.missingProperty)}`;
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return `${error.instancePath}/${escapePointerToken(params.additionalProperty)}`;
  }
  return error.instancePath;
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
