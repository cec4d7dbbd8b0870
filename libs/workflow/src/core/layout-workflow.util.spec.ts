import { BUILTIN_WORKFLOWS, builtinWorkflow } from '../builtin-workflows';
import { labelled, layoutWorkflow, type LayoutNode, type WorkflowLayout } from './layout-workflow.util';

const title = { 'zh-CN': '步骤', en: 'Step' };
const chain = (...ids: string[]): { key: string; start: string; steps: Record<string, unknown>[] } => ({
  key: 'chain',
  start: ids[0]!,
  steps: ids.map((id, i) =>
    i === ids.length - 1
      ? { id, type: 'end', title, outcome: 'completed' }
      : { id, type: 'compute', title, next: ids[i + 1] },
  ),
});
const node = (l: WorkflowLayout, id: string) => l.nodes.find((n) => n.id === id && !n.duplicate)!;
const inside = (p: { x: number; y: number }, n: LayoutNode) =>
  p.x > n.x + 0.5 && p.x < n.x + n.width - 0.5 && p.y > n.y + 0.5 && p.y < n.y + n.height - 0.5;
const overlap = (a: LayoutNode, b: LayoutNode) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutWorkflow', () => {
  it('lays a chain out on one straight line, one layer per step, arrows pointing right', () => {
    const l = layoutWorkflow(chain('a', 'b', 'c'));
    expect(l.nodes.map((n) => [n.id, n.layer])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    expect(new Set(l.nodes.map((n) => n.y)).size).toBe(1);
    expect(l.layers).toBe(3);
    for (const e of l.edges) {
      expect(e.back).toBe(false);
      expect(e.points).toHaveLength(2);
      expect(e.path).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
    }
    expect(l.width).toBe(node(l, 'c').x + node(l, 'c').width + 16);
  });

  it.each(BUILTIN_WORKFLOWS.map((w) => [w.key, w] as const))(
    '%s: a node per step, no overlaps, forward arrows right, returns back, no arrow through a step',
    (_key, w) => {
      const l = layoutWorkflow(w);
      expect(l.nodes.map((n) => n.id)).toEqual(w.steps.map((s) => s.id));
      expect(l.nodes.every((n) => n.reachable && !n.missing && !n.duplicate)).toBe(true);
      for (const a of l.nodes) for (const b of l.nodes) if (a !== b) expect(overlap(a, b)).toBe(false);
      for (const n of l.nodes) {
        expect(n.x + n.width).toBeLessThanOrEqual(l.width);
        expect(n.y + n.height).toBeLessThanOrEqual(l.height);
      }
      for (const e of l.edges) {
        const from = node(l, e.from);
        const to = node(l, e.to);
        expect(e.back).toBe(e.kind === 'return');
        if (!e.back) expect(to.layer).toBeGreaterThan(from.layer);
        for (const p of e.points) {
          for (const n of l.nodes) expect(inside(p, n)).toBe(false);
          expect(p.y).toBeLessThanOrEqual(l.height);
        }
        // Arrows drawn back are straight segments: none passes through a step.
        if (e.back)
          e.points.slice(1).forEach((b, i) => {
            const a = e.points[i]!;
            for (const n of l.nodes) {
              const across =
                Math.max(a.x, b.x) > n.x + 1 &&
                Math.min(a.x, b.x) < n.x + n.width - 1 &&
                Math.max(a.y, b.y) > n.y + 1 &&
                Math.min(a.y, b.y) < n.y + n.height - 1;
              expect(across).toBe(false);
            }
          });
      }
    },
  );

  it('puts the start first, a join after all its branches, and parallel branches side by side', () => {
    const l = layoutWorkflow(builtinWorkflow('annual_review'));
    expect(node(l, 'self_assessment').layer).toBe(0);
    const review = node(l, 'manager_review');
    const feedback = node(l, 'cross_department_feedback');
    expect(review.layer).toBe(feedback.layer);
    expect(review.x).toBe(feedback.x);
    expect(node(l, 'reviews_done').layer).toBe(review.layer + 1);
    // The quarterly review's reject arrows all point right to the one rejection notice.
    const q = layoutWorkflow(builtinWorkflow('quarterly_review'));
    const rejected = node(q, 'notify_rejected');
    for (const e of q.edges.filter((x) => x.kind === 'reject'))
      expect(node(q, e.from).layer).toBeLessThan(rejected.layer);
  });

  it('labels come with the arrows: kinds, condition formulas and the pointers validateWorkflow uses', () => {
    const l = layoutWorkflow(builtinWorkflow('quarterly_review'));
    const branch = l.edges.find((e) => e.from === 'needs_calibration' && e.kind === 'branch')!;
    expect(branch).toMatchObject({ to: 'calibration', when: 'OR(rating = "S", rating = "D", score < 60)' });
    expect(branch.pointer).toBe('/steps/4/branches/0/next');
    const ret = l.edges.find((e) => e.from === 'manager_review' && e.kind === 'return')!;
    expect(ret).toMatchObject({ to: 'self_assessment', back: true, pointer: '/steps/3/next/return' });
    // With nothing in the way a return goes just under the steps it joins, its label under the line.
    expect(ret.points).toHaveLength(4);
    const from = node(l, 'manager_review');
    expect(ret.points[1]!.y).toBeGreaterThan(from.y + from.height);
    expect(ret.points[1]!.y).toBeLessThan(from.y + from.height + 28);
    expect(ret.label.y).toBeGreaterThan(ret.points[1]!.y);
  });

  it('sends an arrow back through the channel under the diagram when a step is in the way', () => {
    const doc = {
      start: 'a',
      steps: [
        { id: 'a', type: 'compute', title, next: 's' },
        { id: 'z', type: 'end', title, outcome: 'completed' },
        { id: 's', type: 'condition', title, branches: [{ when: 'score > 1', next: 'b' }], otherwise: 'c' },
        { id: 'b', type: 'end', title, outcome: 'completed' },
        { id: 'c', type: 'condition', title, branches: [{ when: 'round < 2', next: 'a' }], otherwise: 'y' },
        { id: 'y', type: 'end', title, outcome: 'rejected' },
      ],
    };
    const l = layoutWorkflow(doc);
    expect(node(l, 'z').x).toBe(node(l, 'a').x);
    expect(node(l, 'z').y).toBeGreaterThan(node(l, 'a').y);
    const loop = l.edges.find((e) => e.from === 'c' && e.to === 'a')!;
    expect(loop.back).toBe(true);
    expect(loop.points).toHaveLength(8);
    const lowest = Math.max(...l.nodes.map((n) => n.y + n.height));
    expect(Math.max(...loop.points.map((p) => p.y))).toBeGreaterThan(lowest);
    expect(loop.label.y).toBeGreaterThan(lowest);
    expect(l.height).toBeGreaterThan(Math.max(...loop.points.map((p) => p.y)));
  });

  it('keeps the labels of arrows that leave a step together apart', () => {
    for (const w of BUILTIN_WORKFLOWS) {
      const layout = layoutWorkflow(w);
      const labels = layout.edges.filter(labelled).map((e) => e.label);
      for (const l of labels) expect(l.y).toBeLessThanOrEqual(layout.height);
      for (const [i, a] of labels.entries())
        for (const b of labels.slice(i + 1))
          expect(Math.abs(a.x - b.x) < 52 && Math.abs(a.y - b.y) < 13).toBe(false);
    }
  });

  it('routes an arrow that skips layers through waypoints between the steps of those layers', () => {
    const doc = chain('a', 'b', 'c', 'd');
    doc.steps[0] = {
      id: 'a',
      type: 'condition',
      title,
      branches: [{ when: 'TRUE', next: 'b' }],
      otherwise: 'd',
    };
    const l = layoutWorkflow(doc);
    const skip = l.edges.find((e) => e.kind === 'otherwise')!;
    expect(skip.points).toHaveLength(6); // out of a, through the columns of b and c, into d
    for (const p of skip.points) for (const n of l.nodes) expect(inside(p, n)).toBe(false);
    expect(node(l, 'd').layer).toBe(3);
  });

  it('draws a dangling arrow to a missing node and flags what the start cannot reach', () => {
    const doc = chain('a', 'b', 'c');
    doc.steps[1] = { ...doc.steps[1]!, next: 'nowhere' };
    doc.steps.push({ id: 'lonely', type: 'end', title, outcome: 'rejected' });
    const l = layoutWorkflow(doc);
    const missing = l.nodes.filter((n) => n.missing);
    expect(missing).toEqual([expect.objectContaining({ id: 'nowhere', index: null, type: null, layer: 2 })]);
    expect(l.edges.find((e) => e.to === 'nowhere')).toMatchObject({
      dangling: true,
      pointer: '/steps/1/next',
    });
    expect(node(l, 'c').reachable).toBe(false);
    expect(node(l, 'lonely').reachable).toBe(false);
    expect(node(l, 'a').reachable).toBe(true);
  });

  it('draws a loop without a return back instead of layering forever', () => {
    const doc = chain('a', 'b', 'c');
    doc.steps[1] = {
      id: 'b',
      type: 'condition',
      title,
      branches: [{ when: 'round < 3', next: 'a' }],
      otherwise: 'c',
    };
    const l = layoutWorkflow(doc);
    expect(l.edges.find((e) => e.to === 'a')).toMatchObject({ kind: 'branch', back: true });
    expect(l.nodes.map((n) => n.layer)).toEqual([0, 1, 2]);
  });

  it('shows a repeated id as a node of its own, arrows going to the first', () => {
    const doc = chain('a', 'b');
    doc.steps.push({ id: 'a', type: 'end', title, outcome: 'completed' });
    const l = layoutWorkflow(doc);
    expect(l.nodes.map((n) => [n.id, n.duplicate])).toEqual([
      ['a', false],
      ['b', false],
      ['a', true],
    ]);
    expect(l.nodes.filter((n) => n.missing)).toEqual([]);
  });

  it('never throws on a half-written draft, and changes nothing it is given', () => {
    for (const doc of [
      null,
      42,
      {},
      { steps: 'no' },
      {
        start: 7,
        steps: [null, 3, { id: 5 }, { next: { approve: 1 } }, { branches: [null, 7, { when: 3 }] }],
      },
      { start: 'x', steps: [{ id: 'x', type: 'condition', branches: [{ next: 'x' }], otherwise: '' }] },
    ]) {
      const before = JSON.stringify(doc);
      expect(() => layoutWorkflow(doc)).not.toThrow();
      expect(JSON.stringify(doc)).toBe(before);
    }
    expect(layoutWorkflow({})).toEqual({ nodes: [], edges: [], width: 32, height: 32, layers: 0 });
  });

  it('is deterministic', () => {
    const w = builtinWorkflow('annual_review');
    expect(layoutWorkflow(w)).toEqual(layoutWorkflow(structuredClone(w)));
  });
});
