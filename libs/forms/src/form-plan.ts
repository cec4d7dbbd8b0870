import { compile, isError, type CompiledFormula, type Value, type ValueType } from '@keyscore/formula';
import type { FormDocument, FormField } from './form.schema';
import {
  kindOf,
  requiredOf,
  subProperties,
  topLevelProperties,
  type JsonSchema,
  type ValueKind,
} from './schema-info';

const MEMO_SIZE = 512;

/**
 * @internal A field's formula with a small memo of its results by the values it reads. Formulas are pure
 * (no context is passed, so TODAY() is #N/A) and survey inputs take few distinct values, so a rating average
 * is computed once per combination instead of once per response. Bare comparisons skip the memo: building
 * the key would cost more than evaluating them.
 */
export class FormulaRunner {
  private readonly names: readonly string[];
  private readonly memo: Map<number | string, Value> | null;

  constructor(readonly formula: CompiledFormula) {
    this.names = formula.dependencies.fields;
    this.memo = formula.dependencies.functions.length > 0 ? new Map() : null;
  }

  run(row: ReadonlyMap<string, unknown>): Value {
    const memo = this.memo;
    if (!memo) return this.formula.evaluate(row);
    const key = this.smallKey(row) ?? this.textKey(row);
    if (key === undefined) return this.formula.evaluate(row);
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const result = this.formula.evaluate(row);
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(key, result);
    return result;
  }

  /** Up to 5 small whole numbers or blanks (ratings, NPS, likert) as one number: no string to build. */
  private smallKey(row: ReadonlyMap<string, unknown>): number | undefined {
    const names = this.names;
    if (names.length > 5) return undefined;
    let key = 0;
    for (let i = 0; i < names.length; i++) {
      const v = row.get(names[i]);
      let digit: number;
      if (v === null || v === undefined) digit = 1024;
      else if (typeof v === 'number' && v >= 0 && v < 1024 && Number.isInteger(v)) digit = v;
      else return undefined;
      key = key * 1025 + digit;
    }
    return key;
  }

  /** Any short values as text; undefined when a value is too long or of another kind. */
  private textKey(row: ReadonlyMap<string, unknown>): string | undefined {
    let key = '';
    for (let i = 0; i < this.names.length; i++) {
      const v = row.get(this.names[i]);
      if (typeof v === 'number') key += v + '|';
      else if (v === null || v === undefined) key += '|';
      else if (typeof v === 'boolean') key += v ? 'T|' : 'F|';
      else if (typeof v === 'string' && v.length <= 32) key += JSON.stringify(v) + '|';
      else return undefined;
    }
    return key;
  }
}

/** @internal One layout field with what processing and rendering need, resolved once per form. */
export interface PlanField {
  readonly name: string;
  readonly def: FormField;
  /** The property's schema, `$ref` resolved. */
  readonly schema: JsonSchema;
  readonly kind: ValueKind;
  readonly visibleWhen: FormulaRunner | null;
  readonly compute: FormulaRunner | null;
  /** Top-level names the field's formulas read. */
  readonly reads: readonly string[];
  /** Formula names of this field that other fields' formulas read (filled in once the plan is built). */
  readers: readonly string[];
}

/** @internal The parts of a form that do not depend on ajv: fields, formulas and their order. */
export interface FormPlan {
  readonly doc: FormDocument;
  readonly root: JsonSchema;
  /** Top-level property names of the data schema: everything else in the input is dropped. */
  readonly properties: readonly string[];
  /** The properties a client may send: all but the computed ones. */
  readonly inputProperties: readonly string[];
  readonly propertySchemas: ReadonlyMap<string, JsonSchema>;
  readonly required: ReadonlySet<string>;
  readonly fields: readonly PlanField[];
  readonly byName: ReadonlyMap<string, PlanField>;
  /** Fields with visibleWhen or compute, each after the fields its formulas read. */
  readonly ordered: readonly PlanField[];
  readonly computed: ReadonlySet<string>;
  /** Formula names read by some formula, grouped by their top-level field (`experience` → `experience.delivery`). */
  readonly readsByField: ReadonlyMap<string, readonly string[]>;
  readonly hasFormulas: boolean;
  /** Top-level name → 1 (a client sends it) or 2 (computed); anything else in it is not a field. */
  readonly kinds: Readonly<Record<string, 1 | 2>>;
  /** The formula row, reused: resolveData fills every entry before any formula reads it (no await between). */
  readonly row: Map<string, unknown>;
  /** Every name of the row, and whether it belongs to a computed field (blank until computed). */
  readonly rowNames: readonly string[];
  readonly rowComputed: readonly boolean[];
}

/**
 * The names formulas may use, with types: each top-level property; an object property (likert) as
 * `name.row` per sub-property or likert row; an array (checkbox group) is the number of chosen options.
 */
export function formulaFieldTypes(doc: FormDocument): Map<string, ValueType> {
  const root = doc.dataSchema as JsonSchema;
  const rowsOf = new Map<string, string[]>();
  for (const field of doc.layout.sections.flatMap((s) => s.fields)) {
    if (field.rows)
      rowsOf.set(
        field.name,
        field.rows.map((r) => r.key),
      );
  }
  const types = new Map<string, ValueType>();
  for (const [name, schema] of topLevelProperties(root)) {
    const kind = kindOf(schema);
    if (kind === 'object') {
      const subs = subProperties(schema, root);
      for (const row of rowsOf.get(name) ?? []) if (!subs.has(row)) subs.set(row, { type: 'number' });
      for (const [sub, subSchema] of subs) types.set(`${name}.${sub}`, valueTypeOf(subSchema));
    } else types.set(name, kind === 'array' ? 'number' : valueTypeOf(schema));
  }
  return types;
}

function valueTypeOf(schema: JsonSchema): ValueType {
  const kind = kindOf(schema);
  if (kind === 'number' || kind === 'integer') return 'number';
  if (kind === 'boolean') return 'boolean';
  if (kind === 'string')
    return typeof schema.format === 'string' && schema.format.startsWith('date') ? 'any' : 'text';
  return 'any';
}

/** The top-level field a formula name belongs to (`experience.delivery` → `experience`). */
export function topOf(formulaName: string): string {
  const dot = formulaName.indexOf('.');
  return dot < 0 ? formulaName : formulaName.slice(0, dot);
}

/**
 * Orders fields so that each comes after the fields it reads; returns the order and the fields that sit on
 * (or behind) a cycle, which have no order.
 */
export function orderByReads<T extends { readonly name: string; readonly reads: readonly string[] }>(
  fields: readonly T[],
): { order: T[]; cyclic: T[] } {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const done = new Set<string>();
  const order: T[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const f of fields) {
      if (done.has(f.name)) continue;
      if (f.reads.every((r) => (r === f.name ? false : !byName.has(r) || done.has(r)))) {
        done.add(f.name);
        order.push(f);
        progress = true;
      }
    }
  }
  // Of the rest, report only those on a cycle (a field behind a cycle is not itself wrong).
  const rest = fields.filter((f) => !done.has(f.name));
  const cyclic = rest.filter((start) => {
    const seen = new Set<string>();
    const todo = [...start.reads];
    while (todo.length > 0) {
      const n = todo.pop() as string;
      if (n === start.name) return true;
      if (seen.has(n) || done.has(n)) continue;
      seen.add(n);
      todo.push(...(byName.get(n)?.reads ?? []));
    }
    return false;
  });
  return { order, cyclic };
}

const plans = new WeakMap<object, FormPlan>();

/** @internal The plan of a form document that passed checkForm, cached per document object. */
export function planOf(doc: FormDocument): FormPlan {
  let plan = plans.get(doc);
  if (!plan) {
    plan = buildPlan(doc);
    plans.set(doc, plan);
  }
  return plan;
}

function buildPlan(doc: FormDocument): FormPlan {
  const root = doc.dataSchema as JsonSchema;
  const propertySchemas = topLevelProperties(root);
  const fields: PlanField[] = [];
  for (const section of doc.layout.sections) {
    for (const def of section.fields) {
      const schema = propertySchemas.get(def.name) ?? {};
      const visibleWhen = def.visibleWhen ? new FormulaRunner(compile(def.visibleWhen)) : null;
      const computeFormula = def.compute ? new FormulaRunner(compile(def.compute)) : null;
      const reads = new Set<string>();
      for (const f of [visibleWhen, computeFormula])
        for (const n of f?.formula.dependencies.fields ?? []) reads.add(topOf(n));
      fields.push({
        name: def.name,
        def,
        schema,
        kind: kindOf(schema),
        visibleWhen,
        compute: computeFormula,
        reads: [...reads],
        readers: [],
      });
    }
  }
  const withFormulas = fields.filter((f) => f.visibleWhen || f.compute);
  const { order } = orderByReads(withFormulas);
  const readsByField = new Map<string, string[]>();
  for (const f of withFormulas) {
    for (const formula of [f.visibleWhen, f.compute]) {
      for (const n of formula?.formula.dependencies.fields ?? []) {
        const list = readsByField.get(topOf(n)) ?? [];
        if (!list.includes(n)) list.push(n);
        readsByField.set(topOf(n), list);
      }
    }
  }
  const computed = new Set(fields.filter((f) => f.compute).map((f) => f.name));
  for (const f of fields) f.readers = readsByField.get(f.name) ?? [];
  const rowNames = [...readsByField.values()].flat();
  return {
    doc,
    root,
    properties: [...propertySchemas.keys()],
    inputProperties: [...propertySchemas.keys()].filter((name) => !computed.has(name)),
    propertySchemas,
    required: requiredOf(root),
    fields,
    byName: new Map(fields.map((f) => [f.name, f])),
    ordered: order,
    computed,
    readsByField,
    hasFormulas: withFormulas.length > 0,
    // A plain object (fast property lookups); readers check for a number, so Object.prototype never counts.
    kinds: Object.fromEntries(
      [...propertySchemas.keys()].map((name) => [name, computed.has(name) ? COMPUTED : INPUT]),
    ),
    row: new Map(),
    rowNames,
    rowComputed: rowNames.map((n) => computed.has(topOf(n))),
  };
}

/** Truthy as a condition: TRUE or a non-zero number. Blank, text and errors are not. */
export function isTrue(v: Value): boolean {
  return v === true || (typeof v === 'number' && v !== 0);
}

/** The value a formula reads for a name: arrays are their length, likert rows come from the object. */
function formulaValue(data: Readonly<Record<string, unknown>>, name: string): unknown {
  const dot = name.indexOf('.');
  if (dot < 0) {
    const v = Object.hasOwn(data, name) ? data[name] : null;
    if (Array.isArray(v)) return v.length;
    return typeof v === 'object' || v === '' ? null : v;
  }
  const obj = Object.hasOwn(data, name.slice(0, dot)) ? data[name.slice(0, dot)] : null;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return null;
  const sub = name.slice(dot + 1);
  const v = Object.hasOwn(obj, sub) ? (obj as Record<string, unknown>)[sub] : null;
  return typeof v === 'object' || v === '' ? null : v;
}

/** A computed result as data: numbers, text and booleans; blank and errors leave the field absent. */
function toData(v: Value): unknown {
  if (v === null || isError(v) || v === '') return undefined;
  return v;
}

export interface ResolvedData {
  /** Known fields with a value (not undefined, null or ''), hidden ones left out, computed ones the server's. */
  readonly data: Record<string, unknown>;
  readonly hidden: string[];
}

const INPUT = 1;
const COMPUTED = 2;

/**
 * Builds the data a form keeps from what a client sent: only the data schema's top-level properties, no
 * empty values; in dependency order, decides visibility (a hidden field's value is left out and reads as
 * blank in later formulas) and computes the computed fields (client values are never read). Never mutates
 * `source`. When the source has nothing to leave out (the usual valid submission) it is copied in one step,
 * which keeps the common path close to plain ajv speed.
 */
export function resolveData(plan: FormPlan, source: Readonly<Record<string, unknown>>): ResolvedData {
  const hidden: string[] = [];
  const computed: [string, unknown][] = [];
  if (plan.hasFormulas) {
    const row = plan.row;
    const names = plan.rowNames;
    for (let i = 0; i < names.length; i++)
      row.set(names[i], plan.rowComputed[i] ? null : formulaValue(source, names[i]));
    const ordered = plan.ordered;
    for (let i = 0; i < ordered.length; i++) {
      const f = ordered[i];
      let shown = true;
      let value: unknown;
      if (f.visibleWhen && !isTrue(f.visibleWhen.run(row))) {
        shown = false;
        hidden.push(f.name);
      } else if (f.compute) {
        value = toData(f.compute.run(row));
        if (value !== undefined) computed.push([f.name, value]);
      }
      // What later formulas read of this field: blank once hidden, the server's value once computed.
      if (!shown || f.compute) {
        const readers = f.readers;
        for (let j = 0; j < readers.length; j++)
          row.set(readers[j], shown && readers[j] === f.name ? (value ?? null) : null);
      }
    }
  }
  const data = copyWhole(plan, source, hidden, computed) ?? copyEach(plan, source, hidden);
  for (let i = 0; i < computed.length; i++) data[computed[i][0]] = computed[i][1];
  return { data, hidden };
}

function hasEntry(entries: readonly [string, unknown][], name: string): boolean {
  for (let i = 0; i < entries.length; i++) if (entries[i][0] === name) return true;
  return false;
}

/** The whole source as one shallow copy, or null when something in it must be left out. */
function copyWhole(
  plan: FormPlan,
  source: Readonly<Record<string, unknown>>,
  hidden: readonly string[],
  computed: readonly [string, unknown][],
): Record<string, unknown> | null {
  // for…in (its key cache makes it the fastest scan); an inherited key is never copied by the spread.
  for (const key in source) {
    const kind = plan.kinds[key];
    if (typeof kind !== 'number') return null; // unknown, or something of Object.prototype
    const v = source[key];
    if (v === undefined || v === null || v === '') return null;
    // A client-sent computed value is overwritten below, unless the server's value is blank.
    if (kind === COMPUTED && !hasEntry(computed, key)) return null;
  }
  for (let i = 0; i < hidden.length; i++) if (Object.hasOwn(source, hidden[i])) return null;
  return { ...source };
}

function copyEach(
  plan: FormPlan,
  source: Readonly<Record<string, unknown>>,
  hidden: readonly string[],
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const props = plan.inputProperties;
  for (let i = 0; i < props.length; i++) {
    const name = props[i];
    if (!Object.hasOwn(source, name) || (hidden.length > 0 && hidden.includes(name))) continue;
    const v = source[name];
    if (v !== undefined && v !== null && v !== '') data[name] = v;
  }
  return data;
}
