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
  const kept = withoutRejectedBranches(errors);
  const en = kept.map((e) => ({ ...e }));
  const zh = kept.map((e) => ({ ...e }));
  localize.en(en);
  localize.zh(zh);
  return kept.map((error, i) => ({
    pointer: root + pointerOf(error),
    message: { en: en[i]?.message ?? 'is invalid', 'zh-CN': zh[i]?.message ?? '无效' },
  }));
}

/**
 * A oneOf/anyOf whose branches are told apart by a constant (a workflow step's `type`): only the errors of
 * the branches whose constants held, so an empty title on an end step is one message, not what a form, an
 * approval and seven other step types would need. When no branch or every branch is ruled out, all stay.
 */
function withoutRejectedBranches(errors: readonly ErrorObject[]): readonly ErrorObject[] {
  let out = errors;
  for (const group of errors) {
    if (group.keyword !== 'oneOf' && group.keyword !== 'anyOf') continue;
    const prefix = `${group.schemaPath}/`;
    const branchOf = (e: ErrorObject) =>
      e.schemaPath.startsWith(prefix) ? e.schemaPath.slice(prefix.length).split('/')[0]! : null;
    const branches = new Set<string>();
    const rejected = new Set<string>();
    for (const e of out) {
      const branch = branchOf(e);
      if (branch === null) continue;
      branches.add(branch);
      const property = e.instancePath.slice(group.instancePath.length);
      if (e.keyword === 'const' && /^\/[^/]+$/.test(property)) rejected.add(branch);
    }
    if (rejected.size === 0 || rejected.size === branches.size) continue;
    out = out.filter((e) => {
      const branch = branchOf(e);
      return branch === null ? e !== group : !rejected.has(branch);
    });
  }
  return out;
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
