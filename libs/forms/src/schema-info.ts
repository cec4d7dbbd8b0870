/** Reading an admin data schema that passed checkDataSchema: local `$ref`s, property types, bounds. */

export type JsonSchema = Readonly<Record<string, unknown>>;

/** The kind of value a property holds, as far as rendering and form-post parsing need to know. */
export type ValueKind = 'number' | 'integer' | 'string' | 'boolean' | 'array' | 'object' | 'any';

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows `$ref: '#/$defs/name'` (acyclic after checkDataSchema; bounded anyway). */
export function resolveRef(node: unknown, root: JsonSchema): JsonSchema {
  let current: unknown = node;
  for (let i = 0; i < 32 && isObject(current) && typeof current.$ref === 'string'; i++) {
    const name = current.$ref.replace(/^#\/\$defs\//, '');
    const defs = isObject(root.$defs) ? root.$defs : {};
    current = Object.hasOwn(defs, name) ? defs[name] : undefined;
  }
  return isObject(current) ? current : {};
}

/** The top-level properties of a data schema, resolved. */
export function topLevelProperties(root: JsonSchema): Map<string, JsonSchema> {
  const props = isObject(root.properties) ? root.properties : {};
  return new Map(Object.keys(props).map((name) => [name, resolveRef(props[name], root)]));
}

export function requiredOf(schema: JsonSchema): ReadonlySet<string> {
  return new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
}

/** The value kind of a (resolved) property: its `type` (ignoring 'null'), else what its enum/const hold. */
export function kindOf(schema: JsonSchema): ValueKind {
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(
    (t): t is string => typeof t === 'string' && t !== 'null',
  );
  if (types.length === 1) return types[0] as ValueKind;
  if (types.length > 1) return types.includes('number') ? 'number' : 'any';
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
  if (values.length === 0) return 'any';
  if (values.every((v) => Number.isInteger(v))) return 'integer';
  if (values.every((v) => typeof v === 'number')) return 'number';
  if (values.every((v) => typeof v === 'string')) return 'string';
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  return 'any';
}

export function isNumeric(kind: ValueKind): boolean {
  return kind === 'number' || kind === 'integer';
}

/** The allowed values of an array property's items (`items.enum`), if it lists them. */
export function itemsOf(schema: JsonSchema, root: JsonSchema): JsonSchema {
  return resolveRef(schema.items, root);
}

export function subProperties(schema: JsonSchema, root: JsonSchema): Map<string, JsonSchema> {
  const props = isObject(schema.properties) ? schema.properties : {};
  return new Map(Object.keys(props).map((name) => [name, resolveRef(props[name], root)]));
}

/** Inclusive numeric bounds of a property (exclusive bounds are left to validation). */
export function boundsOf(schema: JsonSchema): { min?: number; max?: number } {
  return {
    min: typeof schema.minimum === 'number' ? schema.minimum : undefined,
    max: typeof schema.maximum === 'number' ? schema.maximum : undefined,
  };
}
