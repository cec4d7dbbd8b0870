import { pointer, text, type Bilingual, type FieldError } from './bilingual';
import { checkPattern } from './check-pattern.util';

/** Bounds of an admin-written data schema, checked before ajv ever sees it. */
export const DATA_SCHEMA_LIMITS = {
  /** Serialized (UTF-8 JSON) size. */
  maxBytes: 64 * 1024,
  /** Nesting of sub-schemas, the root being depth 1; a `$ref` counts its target's depth. */
  maxDepth: 12,
  /** Properties in all `properties` objects together. */
  maxProperties: 200,
  /** Sub-schemas with every `$ref` expanded: bounds the work per validated value. */
  maxExpandedNodes: 5000,
  /** Branches of oneOf / anyOf / allOf. */
  maxBranches: 10,
  maxEnum: 500,
  maxErrors: 50,
} as const;

export const DATA_SCHEMA_FORMATS = ['date', 'date-time', 'email', 'uri', 'uuid'] as const;
const FORMATS = new Set<string>(DATA_SCHEMA_FORMATS);
const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
const SCHEMA_2020 = 'https://json-schema.org/draft/2020-12/schema';
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const REF_PATTERN = /^#\/\$defs\/([^/~]+)$/;

type Check = (value: unknown, at: string, walker: Walker) => void;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonNegativeInteger = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

/** What each allowed keyword accepts. Anything else (other than `x-*` annotations) is refused. */
const KEYWORDS: Readonly<Record<string, Check>> = {
  type: (v, at, w) => {
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0 || list.some((t) => typeof t !== 'string' || !TYPES.has(t))) {
      w.error(
        at,
        text('type 必须是 JSON 类型名（或其数组）', 'type must be a JSON type name (or a list of them)'),
      );
    }
  },
  properties: (v, at, w) => {
    if (!isObject(v)) return w.error(at, text('properties 必须是对象', 'properties must be an object'));
    for (const [name, sub] of Object.entries(v)) {
      w.propertyCount++;
      if (w.propertyCount === DATA_SCHEMA_LIMITS.maxProperties + 1) {
        w.error(
          at + pointer(name),
          text('属性过多（全部合计最多 {max} 个）', 'Too many properties (at most {max} in all)', {
            max: DATA_SCHEMA_LIMITS.maxProperties,
          }),
        );
      }
      if (RESERVED_NAMES.has(name)) {
        w.error(
          at + pointer(name),
          text('属性名 {name} 不可用', 'The property name {name} is not allowed', { name }),
        );
      }
      w.schema(sub, at + pointer(name));
    }
  },
  required: (v, at, w) => {
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string') || new Set(v).size !== v.length) {
      w.error(
        at,
        text('required 必须是不重复的属性名数组', 'required must be a list of distinct property names'),
      );
    }
  },
  additionalProperties: (v, at, w) => w.schema(v, at),
  items: (v, at, w) => w.schema(v, at),
  enum: (v, at, w) => {
    if (!Array.isArray(v) || v.length === 0 || v.length > DATA_SCHEMA_LIMITS.maxEnum) {
      w.error(
        at,
        text('enum 必须是 1 到 {max} 个值的数组', 'enum must be a list of 1 to {max} values', {
          max: DATA_SCHEMA_LIMITS.maxEnum,
        }),
      );
    }
  },
  const: () => undefined,
  minimum: number,
  maximum: number,
  exclusiveMinimum: number,
  exclusiveMaximum: number,
  multipleOf: (v, at, w) => {
    if (typeof v !== 'number' || !(v > 0))
      w.error(at, text('multipleOf 必须是正数', 'multipleOf must be a positive number'));
  },
  minLength: count,
  maxLength: count,
  minItems: count,
  maxItems: count,
  uniqueItems: (v, at, w) => {
    if (typeof v !== 'boolean')
      w.error(at, text('uniqueItems 必须是布尔值', 'uniqueItems must be a boolean'));
  },
  pattern: (v, at, w) => {
    if (typeof v !== 'string') return w.error(at, text('pattern 必须是字符串', 'pattern must be a string'));
    const problem = checkPattern(v);
    if (problem) w.error(at, problem);
  },
  format: (v, at, w) => {
    if (typeof v !== 'string' || !FORMATS.has(v)) {
      w.error(
        at,
        text('不支持的格式 {format}（可用：{list}）', 'Unsupported format {format} (known: {list})', {
          format: String(v),
          list: DATA_SCHEMA_FORMATS.join(', '),
        }),
      );
    }
  },
  title: annotation,
  description: annotation,
  $comment: annotation,
  default: () => undefined,
  examples: (v, at, w) => {
    if (!Array.isArray(v)) w.error(at, text('examples 必须是数组', 'examples must be a list'));
  },
  $defs: (v, at, w) => {
    if (at !== '/$defs')
      return w.error(at, text('$defs 只能写在根模式中', '$defs is only allowed at the root'));
    if (!isObject(v)) return w.error(at, text('$defs 必须是对象', '$defs must be an object'));
    for (const [name, sub] of Object.entries(v)) w.schema(sub, at + pointer(name));
  },
  $ref: (v, at, w) => {
    const m = typeof v === 'string' ? REF_PATTERN.exec(v) : null;
    if (!m) {
      return w.error(
        at,
        text(
          '只允许引用本模式内的定义（#/$defs/名称）',
          'Only local references to #/$defs/<name> are allowed',
        ),
      );
    }
    if (!w.defs.has(m[1])) {
      w.error(
        at,
        text('引用的定义 {name} 不存在', 'The referenced definition {name} does not exist', { name: m[1] }),
      );
    }
  },
  oneOf: branches,
  anyOf: branches,
  allOf: branches,
  $schema: (v, at, w) => {
    if (at !== '/$schema' || v !== SCHEMA_2020) {
      w.error(
        at,
        text('$schema 只能在根模式中声明为 {uri}', '$schema may only be {uri}, at the root', {
          uri: SCHEMA_2020,
        }),
      );
    }
  },
  $id: (v, at, w) => {
    if (at !== '/$id' || typeof v !== 'string') {
      w.error(at, text('$id 只能是根模式中的字符串', '$id may only be a string at the root'));
    }
  },
};

function number(v: unknown, at: string, w: Walker): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) w.error(at, text('必须是数字', 'must be a number'));
}
function count(v: unknown, at: string, w: Walker): void {
  if (!isNonNegativeInteger(v)) w.error(at, text('必须是非负整数', 'must be a non-negative integer'));
}
function annotation(v: unknown, at: string, w: Walker): void {
  if (typeof v !== 'string') w.error(at, text('必须是字符串', 'must be a string'));
}
function branches(v: unknown, at: string, w: Walker): void {
  if (!Array.isArray(v) || v.length === 0 || v.length > DATA_SCHEMA_LIMITS.maxBranches) {
    return w.error(
      at,
      text('必须是 1 到 {max} 个子模式的数组', 'must be a list of 1 to {max} schemas', {
        max: DATA_SCHEMA_LIMITS.maxBranches,
      }),
    );
  }
  v.forEach((sub, i) => w.schema(sub, at + pointer(i)));
}

/** Walks the schema once; collects errors, property count and the `$ref` graph. */
class Walker {
  readonly errors: FieldError[] = [];
  propertyCount = 0;
  /** Per definition: its own depth below the definition and the definitions it refers to. */
  readonly refs = new Map<string, { ptr: string; target: string }[]>();

  constructor(
    readonly root: string,
    readonly defs: ReadonlySet<string>,
  ) {}

  error(at: string, message: Bilingual): void {
    if (this.errors.length < DATA_SCHEMA_LIMITS.maxErrors)
      this.errors.push({ pointer: this.root + at, message });
  }

  schema(node: unknown, at: string): void {
    if (typeof node === 'boolean') return;
    if (!isObject(node)) {
      return this.error(at, text('必须是模式（对象或布尔值）', 'must be a schema (an object or a boolean)'));
    }
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword.startsWith('x-')) continue;
      const check = Object.hasOwn(KEYWORDS, keyword) ? KEYWORDS[keyword] : undefined;
      if (!check) {
        this.error(
          at + pointer(keyword),
          text('不支持的关键字 {keyword}', 'Unknown or unsupported keyword {keyword}', { keyword }),
        );
        continue;
      }
      check(value, at + pointer(keyword), this);
    }
  }
}

/**
 * The restricted meta-schema an admin's data schema must pass before ajv compiles it: JSON no larger than
 * 64 KB, depth ≤ 12, ≤ 200 properties, a whitelist of keywords (plus `x-*` annotations), formats ajv knows,
 * `$ref` only to local `#/$defs/…` without cycles, bounded oneOf/anyOf/allOf, and `pattern`s that cannot
 * backtrack exponentially. The root must be `type: 'object'`. Pointers are into the schema, prefixed with
 * `root` (e.g. '/dataSchema'). Never throws.
 */
export function checkDataSchema(schema: unknown, root = ''): FieldError[] {
  const at = (ptr: string, message: Bilingual): FieldError[] => [{ pointer: root + ptr, message }];
  let json: string | undefined;
  try {
    json = JSON.stringify(schema);
  } catch {
    json = undefined;
  }
  if (json === undefined || !isObject(schema)) {
    return at('', text('数据模式必须是 JSON 对象', 'The data schema must be a JSON object'));
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > DATA_SCHEMA_LIMITS.maxBytes) {
    return at(
      '',
      text(
        '数据模式过大（{kb} KB，最多 {max} KB）',
        'The data schema is too large ({kb} KB, at most {max} KB)',
        {
          kb: Math.ceil(bytes / 1024),
          max: DATA_SCHEMA_LIMITS.maxBytes / 1024,
        },
      ),
    );
  }
  // Depth first, before anything recursive walks a pathological nesting.
  const depth = nestingDepth(schema);
  if (depth > DATA_SCHEMA_LIMITS.maxDepth) {
    return at(
      '',
      text(
        '数据模式嵌套过深（{depth} 层，最多 {max} 层）',
        'The data schema is nested too deeply ({depth} levels, at most {max})',
        {
          depth,
          max: DATA_SCHEMA_LIMITS.maxDepth,
        },
      ),
    );
  }
  const defs = isObject(schema.$defs) ? new Set(Object.keys(schema.$defs)) : new Set<string>();
  const walker = new Walker(root, defs);
  if (schema.type !== 'object') {
    walker.error(
      '/type',
      text('数据模式的根必须是 type: "object"', 'The root of the data schema must be type: "object"'),
    );
  }
  walker.schema(schema, '');
  if (walker.errors.length === 0) walker.errors.push(...checkRefs(schema, root));
  return walker.errors;
}

const SCHEMA_MAPS = new Set(['properties', '$defs']);
const SCHEMA_LISTS = new Set(['oneOf', 'anyOf', 'allOf']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties']);

/** Each sub-schema below a node, with the pointer tokens that lead to it. */
function children(node: Record<string, unknown>): [string[], unknown][] {
  const out: [string[], unknown][] = [];
  for (const [k, v] of Object.entries(node)) {
    if (SCHEMA_MAPS.has(k) && isObject(v)) for (const [n, s] of Object.entries(v)) out.push([[k, n], s]);
    else if (SCHEMA_LISTS.has(k) && Array.isArray(v)) v.forEach((s, i) => out.push([[k, String(i)], s]));
    else if (SCHEMA_VALUES.has(k)) out.push([[k], v]);
  }
  return out;
}

/** Depth of the sub-schema nesting (no `$ref` expansion), iterative so no input can overflow the stack. */
function nestingDepth(schema: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[schema, 1]];
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [unknown, number];
    if (!isObject(node)) continue;
    if (d > max) max = d;
    if (max > DATA_SCHEMA_LIMITS.maxDepth) return max;
    for (const [, s] of children(node)) stack.push([s, d + 1]);
  }
  return max;
}

/**
 * With `$ref`s expanded: no cycles (ajv would recurse forever on a value), depth ≤ 12, and a bounded number
 * of sub-schemas (refs used twice at every level would otherwise multiply the work per value).
 */
function checkRefs(schema: Record<string, unknown>, root: string): FieldError[] {
  const defs = (isObject(schema.$defs) ? schema.$defs : {}) as Record<string, unknown>;
  const memo = new Map<string, { depth: number; nodes: number } | 'visiting'>();
  const errors: FieldError[] = [];

  const measure = (node: unknown, ptr: string): { depth: number; nodes: number } => {
    if (!isObject(node)) return { depth: 1, nodes: 1 };
    let depth = 1;
    let nodes = 1;
    if (typeof node.$ref === 'string') {
      const name = (REF_PATTERN.exec(node.$ref) as RegExpExecArray)[1];
      const r = measureDef(name, ptr + '/$ref');
      depth = Math.max(depth, r.depth);
      nodes += r.nodes;
    }
    for (const [tokens, sub] of children(node)) {
      if (tokens[0] === '$defs') continue;
      const r = measure(sub, ptr + pointer(...tokens));
      depth = Math.max(depth, r.depth + 1);
      nodes = Math.min(nodes + r.nodes, Number.MAX_SAFE_INTEGER);
    }
    return { depth, nodes };
  };
  const measureDef = (name: string, from: string): { depth: number; nodes: number } => {
    const known = memo.get(name);
    if (known === 'visiting') {
      errors.push({
        pointer: root + from,
        message: text('定义 {name} 循环引用自身', 'The definition {name} refers to itself in a cycle', {
          name,
        }),
      });
      return { depth: 0, nodes: 0 };
    }
    if (known) return known;
    memo.set(name, 'visiting');
    const r = measure(defs[name], pointer('$defs', name));
    memo.set(name, r);
    return r;
  };

  const total = measure(schema, '');
  for (const name of Object.keys(defs)) if (!memo.has(name)) measureDef(name, pointer('$defs', name));
  if (errors.length > 0) return errors;
  if (total.depth > DATA_SCHEMA_LIMITS.maxDepth) {
    errors.push({
      pointer: root,
      message: text(
        '展开引用后数据模式嵌套过深（{depth} 层，最多 {max} 层）',
        'With its references expanded the data schema is nested too deeply ({depth} levels, at most {max})',
        { depth: total.depth, max: DATA_SCHEMA_LIMITS.maxDepth },
      ),
    });
  }
  if (total.nodes > DATA_SCHEMA_LIMITS.maxExpandedNodes) {
    errors.push({
      pointer: root,
      message: text(
        '展开引用后数据模式过大（{nodes} 个子模式，最多 {max} 个）',
        'With its references expanded the data schema is too large ({nodes} sub-schemas, at most {max})',
        { nodes: total.nodes, max: DATA_SCHEMA_LIMITS.maxExpandedNodes },
      ),
    });
  }
  return errors;
}
