import type { Locale } from '@keyscore/i18n';
import type { FieldError } from './bilingual';
import { compileForm } from './compile-form.util';
import { FormDefinitionError } from './form.exception';
import type { FormDocument } from './form.schema';
import type { FormPostBody } from './parse-form-post.util';
import { PAGE_CSS } from './render-page.util';

export interface FormPreview {
  /** The form as the public page renders it (renderHtml): trusted, every text escaped. */
  readonly html: string;
  /** Conditional fields hidden for the given answers. */
  readonly hidden: string[];
  /** The answers as the server reads them: typed, hidden ones dropped, computed fields set. */
  readonly data: Record<string, unknown>;
  /** The survey page's stylesheet, to show the fragment as the page does (e.g. in a shadow root). */
  readonly css: string;
}

export type FormPreviewResult =
  | { readonly ok: true; readonly preview: FormPreview }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * A form document that is being designed, rendered as its users will see it: compiled without the cache
 * (a draft changes at every keystroke), with sample answers as a form post, so conditions and computed
 * fields show their effect. A document that does not compile gives its errors (pointers into the
 * document) instead of throwing.
 */
export function previewForm(
  document: unknown,
  options: { readonly locale: Locale; readonly answers?: FormPostBody },
): FormPreviewResult {
  let form;
  try {
    form = compileForm(document as FormDocument);
  } catch (error) {
    if (error instanceof FormDefinitionError) return { ok: false, errors: error.errors };
    throw error;
  }
  const { data, hidden } = form.process(form.parseFormPost(options.answers ?? {}), { mode: 'draft' });
  const html = form.renderHtml({
    locale: options.locale,
    // Without answers the data schema's defaults show, as on a fresh survey page.
    data: options.answers ? data : undefined,
    action: '#preview',
    draftButton: true,
  });
  return { ok: true, preview: { html, hidden, data, css: PAGE_CSS } };
}
