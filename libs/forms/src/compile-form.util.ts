import type { ErrorObject, ValidateFunction } from 'ajv';
import { localizeAjvErrors } from '@keyscore/i18n';
import { ajv } from './ajv';
import { text, type FieldError } from './bilingual';
import { checkForm } from './check-form.util';
import { formDocumentSchema, type FormDocument } from './form.schema';
import { FormDefinitionError } from './form.exception';
import { planOf, resolveData, type FormPlan } from './form-plan';
import { LruCache } from './lru-cache';
import { FORM_TEXTS } from './messages';
import { parseFormPostWith, type FormPostBody } from './parse-form-post.util';
import { renderFormHtml, type RenderHtmlOptions } from './render-html.util';
import { buildRenderModel, type RenderModel, type RenderModelOptions } from './render-model.util';

export type ProcessMode = 'final' | 'draft';

export interface ProcessResult {
  readonly ok: boolean;
  /** The data to store: known fields only, hidden fields removed, computed fields set by the server. */
  readonly data: Record<string, unknown>;
  /** RFC 6901 pointers into the data (`/service_quality`), messages in zh-CN and en. */
  readonly errors: FieldError[];
  /** Conditional fields whose condition is not met. */
  readonly hidden: string[];
}

export type RenderHtmlFormOptions = RenderModelOptions & RenderHtmlOptions;

/** A form document compiled once: its validator, its formulas in order, its renderers. */
export class CompiledForm {
  /** @internal */
  constructor(
    private readonly plan: FormPlan,
    private readonly validate: ValidateFunction,
  ) {}

  /** The (copied) document this form was compiled from. */
  get document(): FormDocument {
    return this.plan.doc;
  }

  /**
   * Checks a submission. Unknown fields and null / undefined / '' values are dropped; visibility is decided on
   * the input and hidden fields' values are dropped (they are never required); computed fields are always
   * the server's; then the data schema validates, with `required` waived for hidden and computed fields and,
   * in 'draft' mode, for every field (only wrong values are errors).
   */
  process(input: unknown, options: { readonly mode: ProcessMode }): ProcessResult {
    const plan = this.plan;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { ok: false, data: {}, errors: [{ pointer: '', message: FORM_TEXTS.notAnObject }], hidden: [] };
    }
    const { data, hidden } = resolveData(plan, input as Record<string, unknown>);
    if (this.validate(data)) return { ok: true, data, errors: [], hidden };

    const draft = options.mode === 'draft';
    const kept: ErrorObject[] = [];
    for (const e of this.validate.errors ?? []) {
      if (e.keyword === 'required') {
        if (draft) continue;
        const missing = (e.params as { missingProperty?: string }).missingProperty ?? '';
        if (e.instancePath === '' && (plan.computed.has(missing) || hidden.includes(missing))) continue;
      }
      kept.push(e);
    }
    const errors = localizeAjvErrors(kept).map((fe, i) =>
      kept[i].keyword === 'required' ? { pointer: fe.pointer, message: FORM_TEXTS.required } : fe,
    );
    return { ok: errors.length === 0, data, errors, hidden };
  }

  /** A JSON description of the form for other clients: sections, fields, values, errors in one locale. */
  renderModel(options: RenderModelOptions): RenderModel {
    return buildRenderModel(this.plan, options);
  }

  /** An accessible `<form method="post">` that works without JavaScript (see renderPage for the page). */
  renderHtml(options: RenderHtmlFormOptions): string {
    return renderFormHtml(buildRenderModel(this.plan, options), options);
  }

  /** Typed data from an application/x-www-form-urlencoded body (Express urlencoded, extended: false). */
  parseFormPost(body: FormPostBody): Record<string, unknown> {
    return parseFormPostWith(this.plan, body);
  }
}

/** Compiled forms kept per cache key (`${key}@${version}`): a version's schema is compiled once. */
export const FORM_CACHE_SIZE = 500;
const cache = new LruCache<string, CompiledForm>(FORM_CACHE_SIZE);

let validateDocument: ValidateFunction | undefined;

/**
 * Compiles a form document: its JSON Schema, then checkForm, then its data schema with ajv (only after it
 * passed the restricted meta-schema). Throws FormDefinitionError with the errors otherwise. With `cacheKey`
 * (callers pass `${key}@${version}` of a published, immutable version) the result is cached in an LRU of
 * FORM_CACHE_SIZE; the document is copied, so later changes to the caller's object do not leak in.
 */
export function compileForm(doc: FormDocument, cacheKey?: string): CompiledForm {
  if (cacheKey !== undefined) {
    const hit = cache.get(cacheKey);
    if (hit) return hit;
  }
  const compiled = compileUncached(doc);
  if (cacheKey !== undefined) cache.set(cacheKey, compiled);
  return compiled;
}

/** Empties the compiled-form cache (tests, or after an admin tool rewrote definitions). */
export function clearFormCache(): void {
  cache.clear();
}

function compileUncached(input: FormDocument): CompiledForm {
  validateDocument ??= ajv.compile(formDocumentSchema);
  const key = typeof (input as { key?: unknown })?.key === 'string' ? input.key : undefined;
  if (!validateDocument(input))
    throw new FormDefinitionError(localizeAjvErrors(validateDocument.errors), key);
  const doc = structuredClone(input);
  const meaning = checkForm(doc);
  if (meaning.length > 0) throw new FormDefinitionError(meaning, key);

  // $id is dropped: nothing may refer to the schema from outside, and ajv must not register it by name.
  const { $id: _id, ...schema } = doc.dataSchema as Record<string, unknown>;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new FormDefinitionError(
      [
        {
          pointer: '/dataSchema',
          message: text('数据模式无法编译：{reason}', 'The data schema does not compile: {reason}', {
            reason,
          }),
        },
      ],
      key,
    );
  } finally {
    ajv.removeSchema(schema);
  }
  return new CompiledForm(planOf(doc), validate);
}
