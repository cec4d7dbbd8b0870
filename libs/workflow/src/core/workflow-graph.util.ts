import type { StepType, WorkflowDefinition, WorkflowStep } from './workflow.schema';

/** One arrow of the flow: from a step to the step it names, with the pointer of the naming property. */
export interface Edge {
  readonly from: string;
  readonly fromIndex: number;
  readonly to: string;
  readonly pointer: string;
  /** `return` edges go back for revision; they are left out of the forward structure. */
  readonly kind: 'next' | 'approve' | 'reject' | 'return' | 'branch' | 'otherwise';
}

export type ParallelProblem =
  | { kind: 'leak'; root: string; step: string } // a branch reaches an end (or loops to its split) before any join
  | { kind: 'no_join'; root: string } // a branch never reaches a join
  | { kind: 'mismatch'; joins: string[] } // the branches reach different joins (or several)
  | { kind: 'overlap'; step: string } // two branches share a step
  | { kind: 'nested'; step: string }; // a nested split has no valid join

export interface ParallelMatch {
  readonly parallel: string;
  /** The join all branches reach, or null with problems. */
  readonly join: string | null;
  readonly problems: readonly ParallelProblem[];
  /** Branch root → the steps of that branch, nested splits and their joins included, nested interiors not. */
  readonly regions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every step inside the split (nested interiors included), for "enters a join from outside" checks. */
  readonly inside: ReadonlySet<string>;
  /** The joins its branches reach (one when valid). */
  readonly reached: ReadonlySet<string>;
}

export interface WorkflowGraph {
  readonly byId: ReadonlyMap<string, { readonly step: WorkflowStep; readonly index: number }>;
  readonly edges: readonly Edge[];
  /** Successors without return edges. */
  readonly forward: ReadonlyMap<string, readonly string[]>;
  readonly parallels: ReadonlyMap<string, ParallelMatch>;
  /** Join id → the split whose branches all reach it (only for valid matches). */
  readonly splitOf: ReadonlyMap<string, string>;
  /** Step id → its innermost branch: the split and the branch root. Top-level steps are absent. */
  readonly branchOf: ReadonlyMap<string, { readonly parallel: string; readonly root: string }>;
}

/** Steps that run and move on inside one transition, without waiting for a person, a job or a timer. */
export const AUTOMATIC_STEP_TYPES: ReadonlySet<StepType> = new Set<StepType>([
  'condition',
  'notify',
  'parallel',
  'join',
  'end',
]);

type EdgeLister = (step: WorkflowStep, index: number) => Edge[];

const at = (i: number, ...rest: (string | number)[]) => ['', 'steps', i, ...rest].join('/');
const nextEdge: EdgeLister = (s, i) =>
  'next' in s && typeof s.next === 'string'
    ? [{ from: s.id, fromIndex: i, to: s.next, pointer: at(i, 'next'), kind: 'next' }]
    : [];

/** The arrows each step type draws (a registry instead of a switch per type). */
const EDGES: Record<StepType, EdgeLister> = {
  form: nextEdge,
  compute: nextEdge,
  join: nextEdge,
  wait: nextEdge,
  notify: nextEdge,
  end: () => [],
  approval: (s, i) => {
    if (s.type !== 'approval') return [];
    const edges: Edge[] = [
      { from: s.id, fromIndex: i, to: s.next.approve, pointer: at(i, 'next', 'approve'), kind: 'approve' },
      { from: s.id, fromIndex: i, to: s.next.reject, pointer: at(i, 'next', 'reject'), kind: 'reject' },
    ];
    if (s.next.return !== undefined)
      edges.push({
        from: s.id,
        fromIndex: i,
        to: s.next.return,
        pointer: at(i, 'next', 'return'),
        kind: 'return',
      });
    return edges;
  },
  condition: (s, i) => {
    if (s.type !== 'condition') return [];
    return [
      ...s.branches.map((b, j): Edge => ({
        from: s.id,
        fromIndex: i,
        to: b.next,
        pointer: at(i, 'branches', j, 'next'),
        kind: 'branch',
      })),
      { from: s.id, fromIndex: i, to: s.otherwise, pointer: at(i, 'otherwise'), kind: 'otherwise' },
    ];
  },
  parallel: (s, i) =>
    s.type === 'parallel'
      ? s.branches.map((b, j): Edge => ({
          from: s.id,
          fromIndex: i,
          to: b,
          pointer: at(i, 'branches', j),
          kind: 'branch',
        }))
      : [],
};

export function edgesOf(step: WorkflowStep, index: number): Edge[] {
  return EDGES[step.type]?.(step, index) ?? [];
}

const cache = new WeakMap<WorkflowDefinition, WorkflowGraph>();

/** The structure of a definition: arrows, splits matched to joins, branch membership. Cached per definition object. */
export function workflowGraph(def: WorkflowDefinition): WorkflowGraph {
  const hit = cache.get(def);
  if (hit) return hit;
  const g = buildGraph(def);
  cache.set(def, g);
  return g;
}

function buildGraph(def: WorkflowDefinition): WorkflowGraph {
  const byId = new Map<string, { step: WorkflowStep; index: number }>();
  def.steps.forEach((step, index) => {
    if (!byId.has(step.id)) byId.set(step.id, { step, index });
  });
  const edges = def.steps.flatMap((s, i) => edgesOf(s, i));
  const forward = new Map<string, string[]>();
  for (const s of def.steps) if (!forward.has(s.id)) forward.set(s.id, []);
  for (const e of edges)
    if (e.kind !== 'return' && byId.get(e.from)?.index === e.fromIndex) forward.get(e.from)?.push(e.to);

  const parallels = new Map<string, ParallelMatch>();
  const pending = new Set<string>();

  const match = (p: string): ParallelMatch => {
    const done = parallels.get(p);
    if (done) return done;
    const entry = byId.get(p);
    const roots = entry?.step.type === 'parallel' ? entry.step.branches : [];
    if (pending.has(p)) {
      // A split that contains itself: reported on the outer walk.
      return {
        parallel: p,
        join: null,
        problems: [{ kind: 'leak', root: p, step: p }],
        regions: new Map(),
        inside: new Set(),
        reached: new Set(),
      };
    }
    pending.add(p);
    const problems: ParallelProblem[] = [];
    const regions = new Map<string, Set<string>>();
    const inside = new Set<string>();
    const joinsPerBranch: Set<string>[] = [];
    for (const root of roots) {
      const region = new Set<string>();
      const joins = new Set<string>();
      const stack = [root];
      const seen = new Set<string>();
      let leaked = false;
      while (stack.length > 0) {
        const s = stack.pop() as string;
        if (seen.has(s)) continue;
        seen.add(s);
        const node = byId.get(s)?.step;
        if (!node) continue; // dangling: reported by the reference check
        if (s === p) {
          problems.push({ kind: 'leak', root, step: s });
          leaked = true;
          continue;
        }
        if (node.type === 'join') {
          joins.add(s);
          continue;
        }
        region.add(s);
        inside.add(s);
        if (node.type === 'end') {
          problems.push({ kind: 'leak', root, step: s });
          leaked = true;
          continue;
        }
        if (node.type === 'parallel') {
          const inner = match(s);
          if (inner.join === null) {
            problems.push({ kind: 'nested', step: s });
            leaked = true;
            continue;
          }
          region.add(inner.join);
          inside.add(inner.join);
          for (const x of inner.inside) inside.add(x);
          for (const n of forward.get(inner.join) ?? []) stack.push(n);
          continue;
        }
        for (const n of forward.get(s) ?? []) stack.push(n);
      }
      if (joins.size === 0 && !leaked) problems.push({ kind: 'no_join', root });
      joinsPerBranch.push(joins);
      regions.set(root, region);
    }
    const all = new Set(joinsPerBranch.flatMap((j) => [...j]));
    let join: string | null = null;
    if (all.size === 1 && joinsPerBranch.every((j) => j.size === 1)) join = [...all][0];
    else if (all.size > 1) problems.push({ kind: 'mismatch', joins: [...all] });
    const owner = new Map<string, string>();
    for (const [root, region] of regions) {
      for (const s of region) {
        if (owner.has(s) && owner.get(s) !== root) problems.push({ kind: 'overlap', step: s });
        else owner.set(s, root);
      }
    }
    if (roots.length !== new Set(roots).size)
      problems.push({ kind: 'overlap', step: roots.find((r, i) => roots.indexOf(r) !== i) as string });
    const result: ParallelMatch = {
      parallel: p,
      join: problems.length === 0 ? join : null,
      problems,
      regions,
      inside,
      reached: all,
    };
    pending.delete(p);
    parallels.set(p, result);
    return result;
  };

  for (const s of def.steps) if (s.type === 'parallel') match(s.id);

  const splitOf = new Map<string, string>();
  const branchOf = new Map<string, { parallel: string; root: string }>();
  for (const m of parallels.values()) {
    if (m.join === null) continue;
    if (!splitOf.has(m.join)) splitOf.set(m.join, m.parallel);
    for (const [root, region] of m.regions)
      for (const s of region) branchOf.set(s, { parallel: m.parallel, root });
  }
  return { byId, edges, forward, parallels, splitOf, branchOf };
}
