import { builtinWorkflow } from '@keyscore/workflow';
import { startTestApp, type TestApp } from '../support/test-app';

interface Layout {
  nodes: { id: string; missing: boolean; x: number; y: number }[];
  edges: { from: string; to: string; kind: string; dangling: boolean; back: boolean; path: string }[];
  width: number;
  height: number;
  errors: { pointer: string; message: string }[];
}

/** POST /api/workflows/layout: the designer's diagram of a (draft) workflow and its problems. */
describe('workflow layout API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('draws a built-in workflow: a node per step, every arrow with a path, no problems', async () => {
    const stored = (await t.api.get('/api/documents/workflow/quarterly_review/versions/1').expect(200)).body;
    const layout: Layout = (
      await t.api.post('/api/workflows/layout').send({ document: stored.content }).expect(200)
    ).body;
    expect(layout.nodes.map((n) => n.id)).toEqual(stored.content.steps.map((s: { id: string }) => s.id));
    expect(layout.errors).toEqual([]);
    expect(layout.edges.length).toBeGreaterThan(layout.nodes.length);
    for (const e of layout.edges) expect(e.path).toMatch(/^M/);
    expect(layout.edges.filter((e) => e.back).map((e) => e.kind)).toEqual(['return', 'return']);
  });

  it("draws a broken draft as far as it goes and lists its problems in the caller's language", async () => {
    const draft = structuredClone(builtinWorkflow('quarterly_review')!) as unknown as {
      steps: Record<string, unknown>[];
    };
    draft.steps[1]!.next = 'no_such_step';
    (draft.steps[4]!.branches as { when: string }[])[0]!.when = 'score <';
    const zh: Layout = (
      await t.api
        .post('/api/workflows/layout')
        .set('Accept-Language', 'zh-CN')
        .send({ document: draft })
        .expect(200)
    ).body;
    expect(zh.nodes.filter((n) => n.missing).map((n) => n.id)).toEqual(['no_such_step']);
    expect(zh.edges.find((e) => e.to === 'no_such_step')).toMatchObject({ from: 'scoring', dangling: true });
    const pointers = zh.errors.map((e) => e.pointer);
    expect(pointers).toContain('/steps/1/next');
    expect(pointers).toContain('/steps/4/branches/0/when');
    expect(zh.errors.find((e) => e.pointer === '/steps/1/next')!.message).toMatch(/不存在/);
    const en: Layout = (
      await t.api.post('/api/workflows/layout?lang=en').send({ document: draft }).expect(200)
    ).body;
    expect(en.errors.find((e) => e.pointer === '/steps/4/branches/0/when')!.message).toMatch(
      /^Condition formula, line 1, column/,
    );
  });

  it('answers schema problems of an unfinished step by pointer, still drawing it', async () => {
    const layout: Layout = (
      await t.api
        .post('/api/workflows/layout?lang=en')
        .send({ document: { key: 'x', start: 'a', steps: [{ id: 'a', type: 'end' }] } })
        .expect(200)
    ).body;
    expect(layout.nodes).toHaveLength(1);
    expect(layout.errors.length).toBeGreaterThan(0);
    for (const e of layout.errors) expect(e.pointer).toMatch(/^\/|^$/);
  });

  it('refuses a body that is not a document, or too big, and a caller without a session', async () => {
    const bad = await t.api.post('/api/workflows/layout').send({ document: [] }).expect(422);
    expect(bad.body.errors[0].pointer).toBe('/body/document');
    const steps = Array.from({ length: 201 }, (_, i) => ({ id: `s${i}` }));
    await t.api.post('/api/workflows/layout').send({ document: { steps } }).expect(422);
    await t.anonymous.post('/api/workflows/layout').send({ document: {} }).expect(401);
  });
});
