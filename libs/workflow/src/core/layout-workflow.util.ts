/**
 * The diagram of a workflow document: steps in layers from left to right, each step one layer after the
 * farthest step that leads to it (its longest distance from the start over forward arrows), so every
 * forward arrow points right and a join sits after all of its branches. Return arrows and loops run back
 * through a channel under the diagram. Arrows that skip layers pass through the columns between on
 * waypoints of their own, never through a step. Works on any draft: unknown shapes are skipped, an arrow
 * to a step that does not exist ends at a "missing" node, steps the start cannot reach are flagged.
 * Pure and deterministic; the input is never changed.
 */

export type LayoutEdgeKind = 'next' | 'approve' | 'reject' | 'return' | 'branch' | 'otherwise';

export interface LayoutOptions {
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  /** Horizontal space between two layers (where the arrows bend). */
  readonly layerGap: number;
  /** Vertical space between two steps of a layer. */
  readonly rowGap: number;
  readonly margin: number;
  /** Vertical distance between two return/loop arrows in the channel under the diagram. */
  readonly channelGap: number;
}

export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = {
  nodeWidth: 176,
  nodeHeight: 56,
  layerGap: 96,
  rowGap: 28,
  margin: 16,
  channelGap: 14,
};

export interface LayoutPoint {
  readonly x: number;
  readonly y: number;
}

export interface LayoutNode {
  /** The step id (a missing node: the id the arrows name). */
  readonly id: string;
  /** Position in `steps`; null for a missing node. */
  readonly index: number | null;
  readonly type: string | null;
  readonly layer: number;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The start step leads here (over every arrow, returns included). */
  readonly reachable: boolean;
  /** Named by an arrow but not a step of the document. */
  readonly missing: boolean;
  /** A later step with an id used before (arrows lead to the first one). */
  readonly duplicate: boolean;
}

export interface LayoutEdge {
  readonly from: string;
  readonly fromIndex: number;
  readonly to: string;
  readonly kind: LayoutEdgeKind;
  /** A condition branch's formula. */
  readonly when: string | null;
  /** JSON pointer of the property that names the target (as validateWorkflow reports it). */
  readonly pointer: string;
  /** Drawn backwards through the channel: a return for revision, or an arrow closing a loop. */
  readonly back: boolean;
  /** The target is not a step of the document. */
  readonly dangling: boolean;
  readonly points: readonly LayoutPoint[];
  /** SVG path data through the points. */
  readonly path: string;
  /** Where the arrow's label goes. */
  readonly label: LayoutPoint;
}

export interface WorkflowLayout {
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly width: number;
  readonly height: number;
  readonly layers: number;
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

interface RawEdge {
  from: string;
  fromIndex: number;
  to: string;
  kind: LayoutEdgeKind;
  when: string | null;
  pointer: string;
}

/** The arrows a step names, read from its shape (`next`, `next.approve…`, `branches`, `otherwise`). */
function rawEdges(step: Raw, id: string, i: number): RawEdge[] {
  const out: RawEdge[] = [];
  const add = (to: unknown, kind: LayoutEdgeKind, pointer: string, when: string | null = null) => {
    if (typeof to === 'string') out.push({ from: id, fromIndex: i, to, kind, when, pointer });
  };
  const at = `/steps/${i}`;
  if (typeof step.next === 'string') add(step.next, 'next', `${at}/next`);
  else if (isObject(step.next))
    for (const kind of ['approve', 'reject', 'return'] as const)
      add(step.next[kind], kind, `${at}/next/${kind}`);
  if (Array.isArray(step.branches))
    step.branches.forEach((b: unknown, j) => {
      if (typeof b === 'string') add(b, 'branch', `${at}/branches/${j}`);
      else if (isObject(b))
        add(b.next, 'branch', `${at}/branches/${j}/next`, typeof b.when === 'string' ? b.when : null);
    });
  add(step.otherwise, 'otherwise', `${at}/otherwise`);
  return out;
}

interface Item {
  key: string;
  layer: number;
  height: number;
  /** Top edge, assigned by `place`. */
  top: number;
}

export function layoutWorkflow(document: unknown, options: Partial<LayoutOptions> = {}): WorkflowLayout {
  const o: LayoutOptions = { ...DEFAULT_LAYOUT_OPTIONS, ...options };
  const doc = isObject(document) ? document : {};
  const steps = (Array.isArray(doc.steps) ? doc.steps : []).map((s: unknown, index) => {
    const raw = isObject(s) ? s : {};
    return {
      raw,
      index,
      id: typeof raw.id === 'string' ? raw.id : '',
      type: typeof raw.type === 'string' ? raw.type : null,
    };
  });

  // Nodes: one per step (keyed by index), then one per missing target (keyed by id).
  const firstIndex = new Map<string, number>();
  for (const s of steps) if (!firstIndex.has(s.id)) firstIndex.set(s.id, s.index);
  const stepKey = (i: number) => `s${i}`;
  const keys: string[] = steps.map((s) => stepKey(s.index));
  const edges = steps.flatMap((s) => rawEdges(s.raw, s.id, s.index));
  const missing = new Map<string, string>();
  const targetKey = (id: string): string => {
    const i = firstIndex.get(id);
    if (i !== undefined) return stepKey(i);
    let key = missing.get(id);
    if (!key) {
      key = `m${missing.size}`;
      missing.set(id, key);
      keys.push(key);
    }
    return key;
  };
  const ends = edges.map((e) => ({ edge: e, from: stepKey(e.fromIndex), to: targetKey(e.to) }));

  // Depth-first from the start, then from every step not yet seen: an arrow to a step still on the
  // path closes a loop and is drawn back, like a return.
  const forward = new Map<string, number[]>(keys.map((k) => [k, []]));
  ends.forEach((e, n) => {
    if (e.edge.kind !== 'return') forward.get(e.from)!.push(n);
  });
  const back = new Set<number>(ends.flatMap((e, n) => (e.edge.kind === 'return' ? [n] : [])));
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = []; // finishing order
  const discovery: string[] = [];
  const startIndex = typeof doc.start === 'string' ? firstIndex.get(doc.start) : undefined;
  const roots = [...(startIndex !== undefined ? [stepKey(startIndex)] : []), ...keys];
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: { key: string; next: number }[] = [{ key: root, next: 0 }];
    state.set(root, 'open');
    discovery.push(root);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const out = forward.get(top.key)!;
      if (top.next >= out.length) {
        state.set(top.key, 'done');
        order.push(top.key);
        stack.pop();
        continue;
      }
      const n = out[top.next++]!;
      const to = ends[n]!.to;
      const seen = state.get(to);
      if (seen === 'open') back.add(n);
      else if (seen === undefined) {
        state.set(to, 'open');
        discovery.push(to);
        stack.push({ key: to, next: 0 });
      }
    }
  }

  // Layers: the longest path over the forward arrows that are not drawn back (reverse finishing order
  // is a topological order of that graph).
  const layerOf = new Map<string, number>(keys.map((k) => [k, 0]));
  const topo = [...order].reverse();
  for (const k of topo)
    for (const n of forward.get(k)!) {
      if (back.has(n)) continue;
      const to = ends[n]!.to;
      layerOf.set(to, Math.max(layerOf.get(to)!, layerOf.get(k)! + 1));
    }

  // Reachable over every arrow, as validateWorkflow counts it.
  const reachable = new Set<string>();
  if (startIndex !== undefined) {
    const all = new Map<string, string[]>(keys.map((k) => [k, []]));
    for (const e of ends) all.get(e.from)!.push(e.to);
    const stack = [stepKey(startIndex)];
    while (stack.length) {
      const k = stack.pop()!;
      if (reachable.has(k)) continue;
      reachable.add(k);
      stack.push(...all.get(k)!);
    }
  }

  // Items per layer: the nodes, and a waypoint in every layer an arrow passes over.
  const items = new Map<string, Item>();
  const layerCount = keys.length ? Math.max(...layerOf.values()) + 1 : 0;
  const layers: string[][] = Array.from({ length: layerCount }, () => []);
  for (const k of discovery) {
    items.set(k, { key: k, layer: layerOf.get(k)!, height: o.nodeHeight, top: 0 });
    layers[layerOf.get(k)!]!.push(k);
  }
  const chains = new Map<number, string[]>(); // edge → its item keys, source to target
  const up = new Map<string, string[]>(); // item → items in the layer before that connect to it
  const down = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    down.set(a, [...(down.get(a) ?? []), b]);
    up.set(b, [...(up.get(b) ?? []), a]);
  };
  ends.forEach((e, n) => {
    if (back.has(n)) return;
    const chain = [e.from];
    for (let l = layerOf.get(e.from)! + 1; l < layerOf.get(e.to)!; l++) {
      const key = `d${n}.${l}`;
      items.set(key, { key, layer: l, height: 0, top: 0 });
      layers[l]!.push(key);
      chain.push(key);
    }
    chain.push(e.to);
    for (let c = 1; c < chain.length; c++) link(chain[c - 1]!, chain[c]!);
    chains.set(n, chain);
  });

  // Fewer crossings: a few sweeps ordering each layer by the mean position of its neighbours.
  const position = new Map<string, number>();
  const index = (l: number) => layers[l]!.forEach((k, i) => position.set(k, i));
  for (let l = 0; l < layerCount; l++) index(l);
  const sweep = (l: number, neighbours: Map<string, string[]>) => {
    const weight = (k: string) => {
      const ns = neighbours.get(k) ?? [];
      return ns.length ? ns.reduce((s, x) => s + position.get(x)!, 0) / ns.length : position.get(k)!;
    };
    const weights = new Map(layers[l]!.map((k) => [k, weight(k)]));
    layers[l]!.sort((a, b) => weights.get(a)! - weights.get(b)! || position.get(a)! - position.get(b)!);
    index(l);
  };
  for (let round = 0; round < 4; round++) {
    for (let l = 1; l < layerCount; l++) sweep(l, up);
    for (let l = layerCount - 2; l >= 0; l--) sweep(l, down);
  }

  // Vertical places: each item as near the mean height of what leads to it as its layer allows, so a
  // chain of single steps stays on one straight line.
  const centre = (it: Item) => it.top + it.height / 2;
  for (let l = 0; l < layerCount; l++) {
    let bottom = -Infinity;
    for (const k of layers[l]!) {
      const it = items.get(k)!;
      const from = (up.get(k) ?? []).map((x) => centre(items.get(x)!));
      const wanted = from.length ? from.reduce((a, b) => a + b, 0) / from.length - it.height / 2 : 0;
      it.top = bottom === -Infinity ? wanted : Math.max(wanted, bottom + o.rowGap);
      bottom = it.top + it.height;
    }
  }
  const minTop = Math.min(0, ...[...items.values()].map((it) => it.top));
  for (const it of items.values()) it.top += o.margin - minTop;

  const columnX = (l: number) => o.margin + l * (o.nodeWidth + o.layerGap);
  const byKey = new Map<string, LayoutNode>();
  const nodes: LayoutNode[] = keys.map((k) => {
    const it = items.get(k)!;
    const step = k.startsWith('s') ? steps[Number(k.slice(1))]! : null;
    const missingId = step ? null : [...missing].find(([, key]) => key === k)![0];
    const node: LayoutNode = {
      id: step ? step.id : missingId!,
      index: step ? step.index : null,
      type: step ? step.type : null,
      layer: it.layer,
      x: columnX(it.layer),
      y: it.top,
      width: o.nodeWidth,
      height: o.nodeHeight,
      reachable: reachable.has(k),
      missing: !step,
      duplicate: step !== null && firstIndex.get(step.id) !== step.index,
    };
    byKey.set(k, node);
    return node;
  });

  const bottomOfAll = Math.max(o.margin, ...[...items.values()].map((it) => it.top + it.height));
  let channels = 0;
  let backs = 0;
  const out: LayoutEdge[] = ends.map((e, n) => {
    const from = byKey.get(e.from)!;
    const to = byKey.get(e.to)!;
    const base = {
      ...e.edge,
      back: back.has(n),
      dangling: to.missing,
    };
    if (back.has(n)) {
      const k = backs++;
      const fromX = from.x + from.width / 2 + 8;
      const toX = to.x + to.width / 2 - 8;
      // Just under both steps when nothing is in the way; else through the channel under the diagram.
      const under = Math.max(from.y + from.height, to.y + to.height) + 10 + (k % 3) * 4;
      const short = [
        { x: fromX, y: from.y + from.height },
        { x: fromX, y: under },
        { x: toX, y: under },
        { x: toX, y: to.y + to.height },
      ];
      if (!crossesNode(short, nodes))
        return {
          ...base,
          points: short,
          path: polyline(short),
          label: { x: (fromX + toX) / 2, y: under + 12 },
        };
      const c = channels++;
      const y = bottomOfAll + 24 + c * o.channelGap;
      const spread = ((c % 4) - 1.5) * 4;
      const fromBelow = from.y + from.height + 10 + (k % 3) * 3;
      const toBelow = to.y + to.height + 10 + (k % 3) * 3;
      const leftOfFrom = from.x - o.layerGap / 2 + spread;
      const rightOfTo = to.x + to.width + o.layerGap / 2 + spread;
      const points = [
        { x: fromX, y: from.y + from.height },
        { x: fromX, y: fromBelow },
        { x: leftOfFrom, y: fromBelow },
        { x: leftOfFrom, y },
        { x: rightOfTo, y },
        { x: rightOfTo, y: toBelow },
        { x: toX, y: toBelow },
        { x: toX, y: to.y + to.height },
      ];
      return {
        ...base,
        points,
        path: polyline(points),
        label: { x: (leftOfFrom + rightOfTo) / 2, y: y - 3 },
      };
    }
    const chain = chains.get(n)!;
    const points: LayoutPoint[] = [{ x: from.x + from.width, y: from.y + from.height / 2 }];
    for (const key of chain.slice(1, -1)) {
      const it = items.get(key)!;
      points.push({ x: columnX(it.layer), y: it.top }, { x: columnX(it.layer) + o.nodeWidth, y: it.top });
    }
    points.push({ x: to.x, y: to.y + to.height / 2 });
    return {
      ...base,
      points,
      path: curve(points),
      label: { x: (points[0]!.x + points[1]!.x) / 2, y: (points[0]!.y + points[1]!.y) / 2 - 4 },
    };
  });

  separateLabels(out);
  const width = layerCount ? columnX(layerCount - 1) + o.nodeWidth + o.margin : 2 * o.margin;
  const lowestLabel = Math.max(0, ...out.filter(labelled).map((e) => e.label.y + 4));
  const height =
    Math.max(channels ? bottomOfAll + 24 + (channels - 1) * o.channelGap + 8 : bottomOfAll, lowestLabel) +
    o.margin;
  return { nodes, edges: out, width, height, layers: layerCount };
}

/** Whether a path of horizontal and vertical segments passes through the inside of a node. */
function crossesNode(points: readonly LayoutPoint[], nodes: readonly LayoutNode[]): boolean {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const [x1, x2] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
    const [y1, y2] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
    for (const n of nodes)
      if (x2 > n.x + 1 && x1 < n.x + n.width - 1 && y2 > n.y + 1 && y1 < n.y + n.height - 1) return true;
  }
  return false;
}

/** Roughly the box of a short label, for keeping labels apart. */
const LABEL_BOX = { width: 52, height: 13 };

/** Whether an arrow has words to show: a plain `next` or a parallel branch has none. */
export function labelled(edge: Pick<LayoutEdge, 'kind' | 'when'>): boolean {
  return edge.kind !== 'next' && !(edge.kind === 'branch' && edge.when === null);
}

/** Labels that would sit on each other (arrows leaving one step side by side) move down one line at a time. */
function separateLabels(edges: LayoutEdge[]): void {
  const placed: LayoutPoint[] = [];
  for (const edge of edges) {
    if (!labelled(edge)) continue;
    const label = edge.label as { x: number; y: number };
    while (
      placed.some(
        (p) => Math.abs(p.x - label.x) < LABEL_BOX.width && Math.abs(p.y - label.y) < LABEL_BOX.height,
      )
    )
      label.y += LABEL_BOX.height;
    placed.push(label);
  }
}

const r = (v: number) => Math.round(v * 10) / 10;

/** Straight segments. */
function polyline(points: readonly LayoutPoint[]): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${r(p.x)},${r(p.y)}`).join(' ');
}

/** Horizontal runs stay straight; a change of height between two columns is an S-curve. */
function curve(points: readonly LayoutPoint[]): string {
  let d = `M${r(points[0]!.x)},${r(points[0]!.y)}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.y === b.y) d += ` L${r(b.x)},${r(b.y)}`;
    else {
      const mid = (a.x + b.x) / 2;
      d += ` C${r(mid)},${r(a.y)} ${r(mid)},${r(b.y)} ${r(b.x)},${r(b.y)}`;
    }
  }
  return d;
}
