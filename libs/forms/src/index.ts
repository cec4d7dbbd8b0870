/**
 * @keyscore/forms — forms and surveys as documents: the restricted data schema, conditional and computed
 * fields, server-side processing, a JSON render model and accessible HTML that works without JavaScript,
 * and survey answers as 0–100 metric values.
 */
export { text, pointer } from './bilingual';
export type { Bilingual, FieldError } from './bilingual';
export * from './form.schema';
export * from './form.exception';
export * from './check-pattern.util';
export * from './check-data-schema.util';
export * from './check-form.util';
export * from './compile-form.util';
export type {
  RenderModel,
  RenderModelOptions,
  RenderSection,
  RenderField,
  RenderOption,
  RenderRow,
  RenderScalePoint,
  RenderError,
} from './render-model.util';
export { fieldId } from './render-model.util';
export type { RenderHtmlOptions } from './render-html.util';
export type { FormPostBody } from './parse-form-post.util';
export * from './render-page.util';
export * from './escape-html.util';
export * from './survey-measures.util';
export * from './preview-form.util';
export * from './builtin';
