import { TAG_BLANK, type Column, type NumericColumn, type Table, type Value } from '@keyscore/formula';
import type { Bilingual } from '@keyscore/i18n';
import type { LabelKind } from './datasets';

/**
 * The rows of one dataset as columns, as loaded for a set of periods: numbers in Float64Arrays (blanks
 * tagged), text in arrays. Columns may be derived on first use (account attributes from the directory),
 * so a widget pays only for the fields its formulas and group-by read.
 */
export class Frame {
  private readonly resolved = new Map<string, Column>();

  constructor(
    readonly length: number,
    private readonly sources: ReadonlyMap<string, Column | (() => Column)>,
    private readonly labelMaps: ReadonlyMap<LabelKind, ReadonlyMap<string, Bilingual>> = new Map(),
  ) {}

  has(name: string): boolean {
    return this.sources.has(name);
  }

  /** A column by field name; a field the frame does not hold reads as blank (like a metric nobody recorded). */
  column(name: string): Column {
    let column = this.resolved.get(name);
    if (column) return column;
    const source = this.sources.get(name);
    column =
      source === undefined ? blankColumn(this.length) : typeof source === 'function' ? source() : source;
    this.resolved.set(name, column);
    return column;
  }

  labels(kind: LabelKind): ReadonlyMap<string, Bilingual> | undefined {
    return this.labelMaps.get(kind);
  }

  /** The value of one cell, as the formula engine reads it. */
  value(name: string, row: number): Value {
    return cellOf(this.column(name), row);
  }

  /** A formula table of these rows (indices into this frame) and fields only. */
  select(rows: Int32Array, fields: Iterable<string>): Table {
    const columns = new Map<string, Column>();
    for (const name of fields) columns.set(name, gather(this.column(name), rows));
    return { length: rows.length, columns };
  }
}

export function blankColumn(length: number): NumericColumn {
  return { values: new Float64Array(length), tags: new Uint8Array(length).fill(TAG_BLANK) };
}

export function isNumericColumn(column: Column): column is NumericColumn {
  return !(column instanceof Float64Array) && !Array.isArray(column);
}

export function cellOf(column: Column, row: number): Value {
  if (column instanceof Float64Array) return column[row]!;
  if (Array.isArray(column)) return (column[row] ?? null) as Value;
  const numeric = column as NumericColumn;
  const tag = numeric.tags ? numeric.tags[row]! : 0;
  return tag === 0 ? numeric.values[row]! : null;
}

/** A column's values at these rows. */
export function gather(column: Column, rows: Int32Array): Column {
  const n = rows.length;
  if (column instanceof Float64Array) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = column[rows[i]!]!;
    return out;
  }
  if (Array.isArray(column)) {
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = (column[rows[i]!] ?? null) as Value;
    return out;
  }
  const numeric = column as NumericColumn;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = numeric.values[rows[i]!]!;
  if (!numeric.tags) return { values, tags: null };
  const tags = new Uint8Array(n);
  for (let i = 0; i < n; i++) tags[i] = numeric.tags[rows[i]!]!;
  return { values, tags };
}

/** Builds a numeric column from numbers and nulls (null → blank). */
export function numberColumn(values: readonly (number | null | undefined)[]): NumericColumn {
  const n = values.length;
  const out = new Float64Array(n);
  let tags: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) out[i] = v;
    else {
      tags ??= new Uint8Array(n);
      tags[i] = TAG_BLANK;
    }
  }
  return { values: out, tags };
}

/**
 * `fn` of each entry, as an array: a plain loop, because Array.from over a typed array walks its iterator
 * (several times slower on a hundred thousand rows).
 */
export function mapEach<T>(indices: Int32Array | Uint8Array, fn: (value: number) => T): T[] {
  const out = new Array<T>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = fn(indices[i]!);
  return out;
}

/** `fn` of each entry, as an Int32Array (see mapEach). */
export function mapEachInt(indices: Int32Array, fn: (value: number) => number): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = fn(indices[i]!);
  return out;
}
