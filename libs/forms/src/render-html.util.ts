import type { Locale } from '@keyscore/i18n';
import { escapeHtml as esc } from './escape-html.util';
import { FORM_TEXTS } from './messages';
import type { RenderField, RenderModel, RenderSection } from './render-model.util';

export interface RenderHtmlOptions {
  /** Where the form posts to (application/x-www-form-urlencoded). */
  readonly action: string;
  /** e.g. a CSRF token or the survey token, as `<input type="hidden">`. */
  readonly hiddenInputs?: Readonly<Record<string, string>>;
  readonly submitLabel?: string;
  /** Adds a "save draft" button; the buttons post `_action=submit` or `_action=draft`. */
  readonly draftButton?: boolean;
}

/**
 * @internal The render model as an accessible HTML form that works without JavaScript: labels for every
 * input, fieldsets for sections and choice groups, an error summary linking to the fields, errors and help
 * tied to inputs with aria-describedby. Validation is the server's (`novalidate`), so every message is in the
 * page's language; `required` still tells assistive technology which fields are required.
 */
export function renderFormHtml(model: RenderModel, options: RenderHtmlOptions): string {
  const { locale } = model;
  const out: string[] = [];
  out.push(
    `<form method="post" action="${esc(options.action)}" class="ks-form" novalidate accept-charset="utf-8">`,
  );
  for (const [name, value] of Object.entries(options.hiddenInputs ?? {})) {
    out.push(`<input type="hidden" name="${esc(name)}" value="${esc(value)}">`);
  }
  if (model.errors.length > 0) out.push(errorSummary(model));
  if (model.description) out.push(`<p class="ks-form-desc">${esc(model.description)}</p>`);
  for (const section of model.sections) out.push(renderSection(section, locale));
  out.push('<div class="ks-actions">');
  out.push(
    `<button type="submit" name="_action" value="submit">${esc(options.submitLabel ?? FORM_TEXTS.submit[locale])}</button>`,
  );
  if (options.draftButton) {
    out.push(
      `<button type="submit" name="_action" value="draft" class="ks-secondary">${esc(FORM_TEXTS.saveDraft[locale])}</button>`,
    );
  }
  out.push('</div>', '</form>');
  return out.join('\n');
}

function errorSummary(model: RenderModel): string {
  const sep = model.locale === 'zh-CN' ? '：' : ': ';
  const items = model.errors.map((e) => {
    const textContent = esc(e.label ? `${e.label}${sep}${e.message}` : e.message);
    return e.href ? `<li><a href="${esc(e.href)}">${textContent}</a></li>` : `<li>${textContent}</li>`;
  });
  return [
    '<div class="ks-error-summary" role="alert" aria-labelledby="ks-error-summary-title" tabindex="-1">',
    `<h2 id="ks-error-summary-title">${esc(FORM_TEXTS.summaryTitle[model.locale])}</h2>`,
    `<ul>${items.join('')}</ul>`,
    '</div>',
  ].join('\n');
}

function renderSection(section: RenderSection, locale: Locale): string {
  const out = [
    `<fieldset class="ks-section" id="s-${esc(section.id)}">`,
    `<legend>${esc(section.title)}</legend>`,
  ];
  if (section.description) out.push(`<p class="ks-hint">${esc(section.description)}</p>`);
  for (const f of section.fields) out.push(renderField(f, locale));
  out.push('</fieldset>');
  return out.join('\n');
}

/** ids of the help text and the error text, and the aria attributes an input carries. */
function describe(f: RenderField): { hintId: string; errorId: string; describedBy: string } {
  const hintId = `${f.id}-hint`;
  const errorId = `${f.id}-error`;
  const ids = [f.help ? hintId : '', f.errors.length ? errorId : ''].filter(Boolean).join(' ');
  return { hintId, errorId, describedBy: ids ? ` aria-describedby="${ids}"` : '' };
}

function labelText(f: RenderField, locale: Locale): string {
  const marker = f.required ? ` <span class="ks-req">${esc(FORM_TEXTS.requiredMarker[locale])}</span>` : '';
  const computed = f.readOnly ? ` <span class="ks-req">${esc(FORM_TEXTS.computed[locale])}</span>` : '';
  return `${esc(f.label)}${marker}${computed}`;
}

function hintAndError(f: RenderField, locale: Locale): string {
  const { hintId, errorId } = describe(f);
  const out: string[] = [];
  if (f.help) out.push(`<p class="ks-hint" id="${hintId}">${esc(f.help)}</p>`);
  if (f.errors.length) {
    const messages = f.errors.map(esc).join('<br>');
    out.push(
      `<p class="ks-error" id="${errorId}"><span class="ks-vh">${esc(FORM_TEXTS.errorPrefix[locale])}</span>${messages}</p>`,
    );
  }
  return out.join('\n');
}

/** Joins the non-empty parts, one per line. */
function lines(...parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join('\n');
}

function wrap(f: RenderField, inner: string): string {
  const cls = f.errors.length ? 'ks-field ks-field-error' : 'ks-field';
  return `<div class="${cls}" id="w-${f.name}"${f.hidden ? ' hidden' : ''}>\n${inner}\n</div>`;
}

function renderField(f: RenderField, locale: Locale): string {
  if (f.readOnly) return wrap(f, computedField(f, locale));
  switch (f.widget) {
    case 'radio':
    case 'rating':
    case 'nps':
      return wrap(f, choiceGroup(f, locale, 'radio'));
    case 'checkbox':
      return wrap(f, f.multiple ? choiceGroup(f, locale, 'checkbox') : singleCheckbox(f, locale));
    case 'likert':
      return wrap(f, likert(f, locale));
    case 'select':
      return wrap(f, select(f, locale));
    default:
      return wrap(f, textLike(f, locale));
  }
}

/** required / aria-invalid / aria-describedby of an input that is the field itself. */
function stateAttrs(f: RenderField, describedBy = true): string {
  const required = f.required ? ' required aria-required="true"' : '';
  const invalid = f.errors.length ? ' aria-invalid="true"' : '';
  return `${required}${invalid}${describedBy ? describe(f).describedBy : ''}`;
}

function textLike(f: RenderField, locale: Locale): string {
  const value = f.value === null || f.value === undefined ? '' : String(f.value);
  const placeholder = f.placeholder ? ` placeholder="${esc(f.placeholder)}"` : '';
  const maxLength = f.maxLength !== undefined ? ` maxlength="${f.maxLength}"` : '';
  const label = `<label for="${f.id}">${labelText(f, locale)}</label>`;
  if (f.widget === 'textarea') {
    return lines(
      label,
      hintAndError(f, locale),
      `<textarea id="${f.id}" name="${f.name}" rows="5"${maxLength}${placeholder}${stateAttrs(f)}>${esc(value)}</textarea>`,
    );
  }
  let extra = '';
  if (f.inputType === 'number') {
    extra += f.step === 1 ? ' inputmode="numeric"' : ' inputmode="decimal"';
    if (f.min !== undefined) extra += ` min="${f.min}"`;
    if (f.max !== undefined) extra += ` max="${f.max}"`;
    if (f.step !== undefined) extra += ` step="${f.step}"`;
  }
  if (f.inputType === 'email') extra += ' autocomplete="email"';
  return lines(
    label,
    hintAndError(f, locale),
    `<input type="${f.inputType ?? 'text'}" id="${f.id}" name="${f.name}" value="${esc(value)}"${extra}${maxLength}${placeholder}${stateAttrs(f)}>`,
  );
}

function select(f: RenderField, locale: Locale): string {
  const options = [`<option value="">${esc(FORM_TEXTS.choose[locale])}</option>`];
  for (const o of f.options ?? []) {
    options.push(`<option value="${esc(o.value)}"${o.selected ? ' selected' : ''}>${esc(o.label)}</option>`);
  }
  return [
    `<label for="${f.id}">${labelText(f, locale)}</label>`,
    hintAndError(f, locale),
    `<select id="${f.id}" name="${f.name}"${stateAttrs(f)}>`,
    ...options,
    '</select>',
  ]
    .filter(Boolean)
    .join('\n');
}

function choiceGroup(f: RenderField, locale: Locale, type: 'radio' | 'checkbox'): string {
  // A radio group is a radiogroup, which can carry aria-required / aria-invalid; a checkbox group cannot.
  const role =
    type === 'radio'
      ? ` role="radiogroup"${f.required ? ' aria-required="true"' : ''}${f.errors.length ? ' aria-invalid="true"' : ''}`
      : '';
  // Rating and NPS points sit side by side as large boxes (ks-rating / ks-nps size them for phones).
  const inline = f.widget === 'rating' || f.widget === 'nps' ? ` ks-inline ks-${f.widget}` : '';
  const out = [
    `<fieldset class="ks-group" id="g-${f.name}"${role}${describe(f).describedBy}>`,
    `<legend>${labelText(f, locale)}</legend>`,
    hintAndError(f, locale),
    `<div class="ks-choices${inline}">`,
  ];
  // Radios: `required` on each (one is enough for the browser; all keep it consistent). Checkbox groups
  // cannot say "at least one" in HTML, so the marker in the legend and the server say it.
  const required = type === 'radio' && f.required ? ' required' : '';
  for (const o of f.options ?? []) {
    const star = f.widget === 'rating' ? '<span aria-hidden="true">★</span> ' : '';
    out.push(
      `<div class="ks-choice"><input type="${type}" id="${o.id}" name="${f.name}" value="${esc(o.value)}"${o.selected ? ' checked' : ''}${required}>` +
        `<label for="${o.id}">${star}${esc(o.label)}</label></div>`,
    );
  }
  out.push('</div>', '</fieldset>');
  return lines(...out);
}

function singleCheckbox(f: RenderField, locale: Locale): string {
  return [
    hintAndError(f, locale),
    `<div class="ks-choice"><input type="checkbox" id="${f.id}" name="${f.name}" value="true"${f.value === true ? ' checked' : ''}${stateAttrs(f)}>`,
    `<label for="${f.id}">${labelText(f, locale)}</label></div>`,
  ]
    .filter(Boolean)
    .join('\n');
}

function likert(f: RenderField, locale: Locale): string {
  const scale = f.scale ?? [];
  const sep = locale === 'zh-CN' ? '：' : ': ';
  const out = [
    `<fieldset class="ks-group ks-likert" id="g-${f.name}"${describe(f).describedBy}>`,
    `<legend>${labelText(f, locale)}</legend>`,
    hintAndError(f, locale),
    // The number of points lays the matrix out on a phone, where each row becomes a grid (see PAGE_CSS).
    `<div class="ks-table-wrap"><table class="ks-likert-table" style="--ks-points:${scale.length || 1}">`,
    `<thead><tr><td></td>${scale.map((s) => `<th scope="col">${esc(s.label)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
  ];
  for (const row of f.rows ?? []) {
    const invalid = row.errors.length ? ' aria-invalid="true"' : '';
    const required = row.required ? ' required' : '';
    const cells = scale.map((s, k) => {
      const id = row.ids[k];
      const checked = row.value !== null && String(row.value) === String(s.value) ? ' checked' : '';
      // Each radio is named by its row and its point, so it makes sense on its own.
      return (
        `<td><input type="radio" id="${id}" name="${esc(row.name)}" value="${esc(s.value)}"${checked}${required}${invalid}>` +
        `<label for="${id}" class="ks-vh">${esc(row.label + sep + s.label)}</label></td>`
      );
    });
    out.push(`<tr><th scope="row">${esc(row.label)}</th>${cells.join('')}</tr>`);
  }
  out.push('</tbody></table></div>', '</fieldset>');
  return lines(...out);
}

function computedField(f: RenderField, locale: Locale): string {
  const value = f.value === null || f.value === undefined ? FORM_TEXTS.noValue[locale] : String(f.value);
  return [
    `<label for="${f.id}">${labelText(f, locale)}</label>`,
    hintAndError(f, locale),
    `<output id="${f.id}" class="ks-output"${describe(f).describedBy}>${esc(value)}</output>`,
  ]
    .filter(Boolean)
    .join('\n');
}
