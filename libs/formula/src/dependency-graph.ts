import { check } from './check';
import { CompiledFormula } from './compile';

export interface DependencyGraph {
  /** Formulas in evaluation order: every formula after the formulas it refers to. Cyclic ones are left out. */
  readonly order: readonly string[];
  /** Each cycle (strongly connected group, or a formula referring to itself), members in name order. */
  readonly cycles: readonly (readonly string[])[];
  /** References to names that are not in the set: formula → missing names. */
  readonly missing: ReadonlyMap<string, readonly string[]>;
  /** Direct references of each formula. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  /** Every formula that must be recomputed when `name` changes (transitively), in evaluation order. */
  dependentsOf(name: string): string[];
}

export type NamedFormulas =
  ReadonlyMap<string, string | CompiledFormula> | Readonly<Record<string, string | CompiledFormula>>;

/** Builds the graph of `@name` references between named formulas, with cycle detection (Tarjan). */
export function buildDependencyGraph(formulas: NamedFormulas): DependencyGraph {
  const entries: [string, string | CompiledFormula][] =
    formulas instanceof Map
      ? [...(formulas as ReadonlyMap<string, string | CompiledFormula>)]
      : Object.entries(formulas);
  const names = new Set(entries.map(([n]) => n));
  const deps = new Map<string, string[]>();
  const missing = new Map<string, string[]>();
  for (const [name, f] of entries) {
    const refs = typeof f === 'string' ? check(f).dependencies.formulas : f.dependencies.formulas;
    deps.set(
      name,
      refs.filter((r) => names.has(r)),
    );
    const miss = refs.filter((r) => !names.has(r));
    if (miss.length > 0) missing.set(name, miss);
  }

  // Tarjan's strongly connected components, iterative so a long chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of names) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      if (i === 0) {
        index.set(v, counter);
        low.set(v, counter++);
        stack.push(v);
        onStack.add(v);
      }
      const out = deps.get(v) ?? [];
      if (i < out.length) {
        frame[1]++;
        const w = out[i];
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent) as number, low.get(v) as number));
      }
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        components.push(comp);
      }
    }
  }
  // Tarjan emits components dependencies-first, which is the evaluation order.
  const cyclic = new Set<string>();
  const cycles: string[][] = [];
  for (const c of components) {
    if (c.length > 1 || (deps.get(c[0]) ?? []).includes(c[0])) {
      cycles.push(c.sort());
      c.forEach((n) => cyclic.add(n));
    }
  }
  // Anything depending on a cycle cannot be evaluated either.
  const blocked = new Set(cyclic);
  const order: string[] = [];
  for (const c of components) {
    for (const n of c) {
      if ((deps.get(n) ?? []).some((d) => blocked.has(d))) blocked.add(n);
      if (!blocked.has(n)) order.push(n);
    }
  }
  const position = new Map(components.flat().map((n, i) => [n, i]));
  const reverse = new Map<string, string[]>();
  for (const [n, ds] of deps) for (const d of ds) reverse.set(d, [...(reverse.get(d) ?? []), n]);

  return {
    order,
    cycles,
    missing,
    dependencies: deps,
    dependentsOf(name: string): string[] {
      const seen = new Set<string>();
      const todo = [...(reverse.get(name) ?? [])];
      while (todo.length > 0) {
        const n = todo.pop() as string;
        if (seen.has(n)) continue;
        seen.add(n);
        todo.push(...(reverse.get(n) ?? []));
      }
      return [...seen].sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
    },
  };
}
