import { AGGREGATE_FUNCTIONS } from './aggregate';
import { DATE_FUNCTIONS } from './date';
import { LOGIC_FUNCTIONS } from './logic';
import { MATH_FUNCTIONS } from './math';
import { SCORING_FUNCTIONS } from './scoring';
import { TEXT_FUNCTIONS } from './text';
import { FunctionDef, ParamSpec } from './types';

/** Most arguments a variadic function takes (Excel's limit). */
export const MAX_ARGS = 255;

export interface Arity {
  readonly min: number;
  readonly max: number;
}

export function arityOf(def: FunctionDef): Arity {
  const required = def.params.filter((q) => !q.optional).length;
  return { min: required, max: def.repeat ? MAX_ARGS : def.params.length };
}

export function arityAccepts(def: FunctionDef, count: number): boolean {
  const { min, max } = arityOf(def);
  return count >= min && count <= max && (def.arityOk ? def.arityOk(count) : true);
}

/** The declared parameter for argument `i`, following the repeating group of variadic functions. */
export function paramAt(def: FunctionDef, i: number): ParamSpec {
  if (i < def.params.length) return def.params[i];
  const repeat = def.repeat ?? 1;
  const fixed = def.params.length - repeat;
  return def.params[fixed + ((i - fixed) % repeat)];
}

/** Describes the accepted argument counts for messages: "2", "1–3", "at least 1". */
export function arityText(def: FunctionDef): string {
  const { min, max } = arityOf(def);
  if (min === max) return String(min);
  return max === MAX_ARGS ? `≥${min}` : `${min}–${max}`;
}

/**
 * Functions by upper-case name and alias. A Map (not an object) so no user-typed name can reach
 * Object.prototype; lookups are case-insensitive for Latin names and exact for Chinese aliases.
 */
export class FunctionRegistry {
  private readonly byName = new Map<string, FunctionDef>();
  private readonly defs: FunctionDef[] = [];

  constructor(defs: readonly FunctionDef[] = []) {
    for (const d of defs) this.register(d);
  }

  register(def: FunctionDef): this {
    for (const key of [def.name, ...(def.aliases ?? [])]) {
      const k = key.toUpperCase();
      if (this.byName.has(k)) throw new Error(`Formula function ${key} is registered twice`);
      this.byName.set(k, def);
    }
    this.defs.push(def);
    return this;
  }

  get(name: string): FunctionDef | undefined {
    return this.byName.get(name.toUpperCase());
  }

  list(): readonly FunctionDef[] {
    return this.defs;
  }
}

export const BUILTIN_FUNCTIONS: readonly FunctionDef[] = [
  ...MATH_FUNCTIONS,
  ...LOGIC_FUNCTIONS,
  ...TEXT_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...AGGREGATE_FUNCTIONS,
  ...SCORING_FUNCTIONS,
];

export const defaultRegistry = new FunctionRegistry(BUILTIN_FUNCTIONS);
