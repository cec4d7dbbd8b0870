import type { Locale } from '@keyscore/i18n';
import { firstToken, pointerTokens, type FieldError } from './bilingual';
import type { Widget } from './form.schema';
import { resolveData, type FormPlan, type PlanField } from './form-plan';
import { FORM_TEXTS } from './messages';
import { boundsOf, kindOf, requiredOf } from './schema-info';

export interface RenderModelOptions {
  readonly locale: Locale;
  /** The current values (e.g. what process() returned); without it the data schema's defaults. */
  readonly data?: Readonly<Record<string, unknown>>;
  readonly errors?: readonly FieldError[];
}

export interface RenderOption {
  readonly id: string;
  readonly value: string | number;
  readonly label: string;
  readonly selected: boolean;
}

export interface RenderScalePoint {
  readonly value: number;
  readonly label: string;
}

export interface RenderRow {
  readonly key: string;
  /** The input name of the row in a form post: `field.row`. */
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
  readonly value: unknown;
  /** One input id per scale point. */
  readonly ids: readonly string[];
  readonly errors: readonly string[];
}

export interface RenderField {
  readonly name: string;
  /** The id of the field's (first) input: error summaries link to `#id`. */
  readonly id: string;
  readonly widget: Widget;
  readonly label: string;
  readonly help?: string;
  readonly placeholder?: string;
  readonly required: boolean;
  /** A conditional field whose condition is not met: rendered hidden, never required, value dropped. */
  readonly hidden: boolean;
  /** A computed field: the server sets its value. */
  readonly readOnly: boolean;
  readonly value: unknown;
  /** The HTML input type of text, number and date widgets. */
  readonly inputType?: 'text' | 'email' | 'url' | 'date' | 'number';
  /** select, radio, checkbox groups, and the points of rating (1–5) and nps (0–10). */
  readonly options?: readonly RenderOption[];
  /** A checkbox group (an array of choices) rather than one yes/no checkbox. */
  readonly multiple?: boolean;
  /** Likert items and answer points. */
  readonly rows?: readonly RenderRow[];
  readonly scale?: readonly RenderScalePoint[];
  readonly min?: number;
  readonly max?: number;
  readonly step?: number | 'any';
  readonly maxLength?: number;
  /** Messages in the chosen locale (likert row messages prefixed with the row's label). */
  readonly errors: readonly string[];
}

export interface RenderSection {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly fields: readonly RenderField[];
}

export interface RenderError {
  readonly pointer: string;
  /** The field the error belongs to, or null (e.g. the data as a whole). */
  readonly field: string | null;
  readonly label: string | null;
  /** `#input-id` of the field, or null when the field is not shown. */
  readonly href: string | null;
  readonly message: string;
}

export interface RenderModel {
  readonly key: string;
  readonly version?: number;
  readonly locale: Locale;
  readonly title: string;
  readonly description?: string;
  readonly sections: readonly RenderSection[];
  /** Every error in layout order, for a summary at the top. */
  readonly errors: readonly RenderError[];
}

const RANGES: Partial<Record<Widget, readonly [number, number]>> = { rating: [1, 5], nps: [0, 10] };

/** The id of a field's input; field names are `[a-z][a-z0-9_]*`, so ids are safe as they are. */
export function fieldId(name: string): string {
  return `f-${name}`;
}

const same = (a: unknown, b: unknown): boolean => a !== undefined && a !== null && String(a) === String(b);

/** @internal Builds the JSON render model of a compiled form's plan. */
export function buildRenderModel(plan: FormPlan, options: RenderModelOptions): RenderModel {
  const { locale } = options;
  let source = options.data;
  if (!source) {
    const defaults: Record<string, unknown> = {};
    for (const [name, schema] of plan.propertySchemas)
      if (schema.default !== undefined) defaults[name] = schema.default;
    source = defaults;
  }
  const resolved = resolveData(plan, source);
  const data = resolved.data;
  const hidden = new Set(resolved.hidden);

  // Errors by field; likert rows separately.
  const fieldErrors = new Map<string, { pointer: string; message: string; row?: string }[]>();
  const loose: RenderError[] = [];
  for (const e of options.errors ?? []) {
    const name = firstToken(e.pointer);
    const message = e.message[locale];
    if (!plan.byName.has(name)) {
      loose.push({ pointer: e.pointer, field: null, label: null, href: null, message });
      continue;
    }
    const list = fieldErrors.get(name) ?? [];
    const row = pointerTokens(e.pointer)[1];
    if (!list.some((x) => x.message === message && x.row === row))
      list.push({ pointer: e.pointer, message, row });
    fieldErrors.set(name, list);
  }

  const summary: RenderError[] = [];
  const sections: RenderSection[] = plan.doc.layout.sections.map((section) => ({
    id: section.id,
    title: section.title[locale],
    ...(section.description ? { description: section.description[locale] } : {}),
    fields: section.fields.map((def) => {
      const f = plan.byName.get(def.name) as PlanField;
      const field = buildField(plan, f, data, hidden.has(f.name), fieldErrors.get(f.name) ?? [], locale);
      for (const e of fieldErrors.get(f.name) ?? []) {
        const rowIds = e.row !== undefined ? field.rows?.find((r) => r.key === e.row)?.ids : undefined;
        summary.push({
          pointer: e.pointer,
          field: f.name,
          label: field.label,
          href: field.hidden ? null : `#${rowIds?.[0] ?? field.id}`,
          message:
            e.row !== undefined && field.rows ? prefixRow(field.rows, e.row, e.message, locale) : e.message,
        });
      }
      return field;
    }),
  }));

  return {
    key: plan.doc.key,
    ...(plan.doc.version !== undefined ? { version: plan.doc.version } : {}),
    locale,
    title: plan.doc.title[locale],
    ...(plan.doc.description ? { description: plan.doc.description[locale] } : {}),
    sections,
    errors: [...loose, ...summary],
  };
}

function prefixRow(rows: readonly RenderRow[], key: string, message: string, locale: Locale): string {
  const label = rows.find((r) => r.key === key)?.label;
  return label ? `${label}${locale === 'zh-CN' ? '：' : ': '}${message}` : message;
}

function buildField(
  plan: FormPlan,
  f: PlanField,
  data: Readonly<Record<string, unknown>>,
  hidden: boolean,
  errors: readonly { message: string; row?: string }[],
  locale: Locale,
): RenderField {
  const { def, schema } = f;
  const id = fieldId(f.name);
  const value = Object.hasOwn(data, f.name) ? data[f.name] : undefined;
  const readOnly = f.compute !== null;
  const required = plan.required.has(f.name) && !hidden && !readOnly;
  const base = {
    name: f.name,
    id,
    widget: def.widget,
    label: def.label[locale],
    ...(def.help ? { help: def.help[locale] } : {}),
    ...(def.placeholder ? { placeholder: def.placeholder[locale] } : {}),
    required,
    hidden,
    readOnly,
    value: value ?? null,
  };
  const messages = errors.map((e) => e.message);

  switch (def.widget) {
    case 'select':
    case 'radio':
    case 'checkbox': {
      const multiple = f.kind === 'array';
      if (def.widget === 'checkbox' && !multiple) return { ...base, value: value === true, errors: messages };
      const chosen = multiple && Array.isArray(value) ? value : [value];
      return {
        ...base,
        ...(multiple ? { multiple } : {}),
        options: (def.options ?? []).map((o, i) => ({
          id: i === 0 ? id : `${id}-${i}`,
          value: o.value,
          label: o.label[locale],
          selected: chosen.some((c) => same(c, o.value)),
        })),
        errors: messages,
      };
    }
    case 'rating':
    case 'nps': {
      const [min, max] = RANGES[def.widget] as readonly [number, number];
      const options: RenderOption[] = [];
      for (let n = min; n <= max; n++) {
        const custom = def.options?.find((o) => o.value === n)?.label[locale];
        const label =
          custom ??
          (def.widget === 'rating'
            ? (n === 1 ? FORM_TEXTS.star : FORM_TEXTS.stars)[locale].replace('{n}', String(n))
            : String(n));
        options.push({ id: n === min ? id : `${id}-${n - min}`, value: n, label, selected: same(value, n) });
      }
      return { ...base, options, min, max, errors: messages };
    }
    case 'likert': {
      const scale = (def.scale ?? []).map((s) => ({ value: s.value, label: s.label[locale] }));
      const rowRequired = requiredOf(schema);
      const obj = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
      const rows: RenderRow[] = (def.rows ?? []).map((r, ri) => ({
        key: r.key,
        name: `${f.name}.${r.key}`,
        label: r.label[locale],
        required: required && rowRequired.has(r.key),
        value: Object.hasOwn(obj, r.key) ? obj[r.key] : null,
        ids: scale.map((_, k) => (ri === 0 && k === 0 ? id : `${id}-${r.key}-${k}`)),
        errors: errors.filter((e) => e.row === r.key).map((e) => e.message),
      }));
      const values = scale.map((s) => s.value);
      return {
        ...base,
        rows,
        scale,
        ...(values.length ? { min: Math.min(...values), max: Math.max(...values) } : {}),
        errors: errors.map((e) =>
          e.row !== undefined ? prefixRow(rows, e.row, e.message, locale) : e.message,
        ),
      };
    }
    case 'number': {
      const { min, max } = boundsOf(schema);
      const step =
        kindOf(schema) === 'integer' ? 1 : typeof schema.multipleOf === 'number' ? schema.multipleOf : 'any';
      return {
        ...base,
        inputType: 'number',
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
        step,
        errors: messages,
      };
    }
    case 'date':
      return { ...base, inputType: 'date', errors: messages };
    case 'text':
    case 'textarea': {
      const inputType =
        def.widget === 'textarea'
          ? undefined
          : schema.format === 'email'
            ? 'email'
            : schema.format === 'uri'
              ? 'url'
              : 'text';
      return {
        ...base,
        ...(inputType ? { inputType } : {}),
        ...(typeof schema.maxLength === 'number' ? { maxLength: schema.maxLength } : {}),
        errors: messages,
      };
    }
  }
}
