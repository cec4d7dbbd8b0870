import type { FormPlan } from './form-plan';
import { itemsOf, kindOf, subProperties, type JsonSchema, type ValueKind } from './schema-info';

/** A urlencoded body as Express's parser gives it (extended: false): repeated names become arrays. */
export type FormPostBody = Readonly<Record<string, string | readonly string[] | undefined>>;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Full-width digits, sign and point (a Chinese input method's ０-９ ＋ － ．) become ASCII. */
function halfWidth(s: string): string {
  return s.replace(/[\uff10-\uff19\uff0b\uff0d\uff0e]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** A text as the kind of value the schema wants; text that is not a number stays text, so validation says so. */
function convert(raw: string, kind: ValueKind): unknown {
  if (kind === 'number' || kind === 'integer') {
    const t = halfWidth(raw.trim());
    return NUMBER.test(t) ? Number(t) : raw;
  }
  if (kind === 'boolean') {
    if (raw === 'true' || raw === 'on' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    return raw;
  }
  // Browsers send textarea line breaks as CRLF; maxLength should count what the user typed.
  return raw.replace(/\r\n?/g, '\n');
}

function values(body: FormPostBody, name: string): string[] {
  if (!Object.hasOwn(body, name)) return [];
  const v = body[name];
  if (v === undefined) return [];
  return (typeof v === 'string' ? [v] : [...v]).filter((s) => typeof s === 'string' && s !== '');
}

/**
 * @internal Turns a form post into typed data by the data schema: numbers and integers parsed (full-width
 * digits accepted), booleans from checkboxes (an unticked yes/no checkbox is false), checkbox groups as
 * arrays, likert rows `name.row` into an object; empty strings are absent; names not in the schema ignored.
 */
export function parseFormPostWith(plan: FormPlan, body: FormPostBody): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, schema] of plan.propertySchemas) {
    const kind = kindOf(schema);
    const field = plan.byName.get(name);
    if (kind === 'object') {
      const obj = parseObject(plan, schema, name, body, field?.def.rows?.map((r) => r.key) ?? []);
      if (obj) data[name] = obj;
      continue;
    }
    const raw = values(body, name);
    if (kind === 'array') {
      const itemKind = kindOf(itemsOf(schema, plan.root));
      if (raw.length > 0) data[name] = raw.map((r) => convert(r, itemKind));
      continue;
    }
    if (raw.length === 0) {
      if (kind === 'boolean' && field?.def.widget === 'checkbox') data[name] = false;
      continue;
    }
    // A scalar posted twice (a hidden input before a checkbox, say): the last one wins, as in most servers.
    data[name] = convert(raw[raw.length - 1], kind);
  }
  return data;
}

function parseObject(
  plan: FormPlan,
  schema: JsonSchema,
  name: string,
  body: FormPostBody,
  rows: readonly string[],
): Record<string, unknown> | undefined {
  const subs = subProperties(schema, plan.root);
  for (const r of rows) if (!subs.has(r)) subs.set(r, { type: 'number' });
  let obj: Record<string, unknown> | undefined;
  for (const [sub, subSchema] of subs) {
    const raw = values(body, `${name}.${sub}`);
    if (raw.length === 0) continue;
    obj ??= {};
    obj[sub] = convert(raw[raw.length - 1], kindOf(subSchema));
  }
  return obj;
}
