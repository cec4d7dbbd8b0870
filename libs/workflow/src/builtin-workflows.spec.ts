import Ajv2020 from 'ajv/dist/2020';
import { BUILTIN_WORKFLOWS, builtinWorkflow } from './builtin-workflows';
import {
  type Effect,
  type InstanceState,
  type TransitionResult,
  type WorkflowDefinition,
  type WorkflowEvent,
  initialInstanceState,
  transition,
  validateWorkflow,
  workflowDefinitionSchema,
} from './core';
import { PEOPLE, T0, complete, context, day, openTasks } from './core/test-support/fixtures';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateSchema = ajv.compile(workflowDefinitionSchema);

describe('built-in workflows', () => {
  it('ships the five documents', () => {
    expect(BUILTIN_WORKFLOWS.map((w) => w.key)).toEqual([
      'quarterly_review',
      'annual_review',
      'adjustment_approval',
      'survey_campaign',
      'score_dispute',
    ]);
  });

  it.each(BUILTIN_WORKFLOWS.map((w) => [w.key, w] as const))(
    '%s passes the schema and validateWorkflow',
    (_k, w) => {
      expect(validateSchema(w) ? [] : validateSchema.errors).toEqual([]);
      expect(validateWorkflow(w)).toEqual([]);
      for (const s of w.steps) {
        expect(s.title['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
        expect(s.title.en).toMatch(/^[\x20-\x7e]+$/);
      }
    },
  );

  it("the schema's own examples are valid documents", () => {
    for (const example of workflowDefinitionSchema.examples) {
      expect(validateSchema(example) ? [] : validateSchema.errors).toEqual([]);
      expect(validateWorkflow(example as unknown as WorkflowDefinition)).toEqual([]);
    }
  });

  it('the schema refuses a step of an unknown type and a bad id', () => {
    const w = structuredClone(builtinWorkflow('quarterly_review')) as WorkflowDefinition;
    expect(validateSchema({ ...w, steps: [...w.steps, { id: 'x', type: 'script', title: w.title }] })).toBe(
      false,
    );
    expect(validateSchema({ ...w, start: 'Self Assessment' })).toBe(false);
  });

  it('documents are frozen', () => {
    expect(Object.isFrozen(BUILTIN_WORKFLOWS[0].steps[0])).toBe(true);
  });
});

describe('quarterly_review (季度考核)', () => {
  const wf = builtinWorkflow('quarterly_review') as WorkflowDefinition;
  const ctx = context();

  function apply(state: InstanceState, event: WorkflowEvent): Extract<TransitionResult, { ok: true }> {
    const r = transition(wf, state, event, ctx);
    if (!r.ok) throw new Error(`${event.type}: ${r.code} ${r.message.en}`);
    return r;
  }
  const approve = (state: InstanceState, stepId: string, actor?: string, at = T0) =>
    apply(state, complete(state, stepId, 'approve', { actor, at, comment: '同意 / agreed' })).state;

  /** Start, self-assessment, scoring with the given result, data check: the manager review is open. */
  function toManagerReview(result: Record<string, unknown>): InstanceState {
    let s = apply(initialInstanceState(), {
      type: 'start',
      at: T0,
      data: { period: '2026-Q2', account_type: 'multinational' },
    }).state;
    expect(openTasks(s)).toEqual({ self_assessment: [PEOPLE.am] });
    const submitted = apply(
      s,
      complete(s, 'self_assessment', 'submit', { data: { highlights: '续约 3 年 / 3-year renewal' } }),
    );
    expect(submitted.effects).toContainEqual({ type: 'compute', stepId: 'scoring' });
    s = apply(submitted.state, { type: 'compute.done', stepId: 'scoring', result, at: T0 }).state;
    expect(openTasks(s)).toEqual({ data_check: [PEOPLE.admin] });
    s = approve(s, 'data_check');
    expect(openTasks(s)).toEqual({ manager_review: [PEOPLE.manager] });
    return s;
  }

  it('happy path: published with score and rating, completed', () => {
    let s = toManagerReview({ score: 82.5, rating: 'B', coverage: 1 });
    s = approve(s, 'manager_review');
    expect(openTasks(s)).toEqual({ final_approval: [PEOPLE.head] }); // no calibration for a B
    const last = apply(s, complete(s, 'final_approval', 'approve', { comment: '同意' }));
    expect(last.state.status).toBe('completed');
    const notify = last.effects.find((e): e is Extract<Effect, { type: 'notify' }> => e.type === 'notify');
    expect(notify).toMatchObject({ to: [PEOPLE.am], stepId: 'publish' });
    expect(notify?.subject['zh-CN']).toBe('2026-Q2 季度考核结果已发布');
    expect(notify?.body.en).toContain('score 82.5, rating B');
    expect(last.effects.at(-1)).toEqual({ type: 'ended', outcome: 'completed' });
    expect(last.state.data).toMatchObject({
      period: '2026-Q2',
      highlights: '续约 3 年 / 3-year renewal',
      score: 82.5,
      rating: 'B',
      data_check_outcome: 'approve',
      manager_review_outcome: 'approve',
      final_approval_outcome: 'approve',
    });
  });

  it('return for revision: back to the self-assessment, round 1, scored again', () => {
    let s = toManagerReview({ score: 70, rating: 'B' });
    const returned = apply(s, complete(s, 'manager_review', 'return', { comment: '请补充第二季度续约情况' }));
    s = returned.state;
    expect(s.round).toBe(1);
    expect(openTasks(s)).toEqual({ self_assessment: [PEOPLE.am] });
    // The manager's deadline timers went with the returned task.
    expect(returned.effects.filter((e) => e.type === 'timer.cancel').length).toBe(3);
    s = apply(s, complete(s, 'self_assessment', 'submit', { data: { highlights: '补充：Q2 续约' } })).state;
    expect(s.active).toEqual(['scoring']);
    s = apply(s, {
      type: 'compute.done',
      stepId: 'scoring',
      result: { score: 75, rating: 'B' },
      at: T0,
    }).state;
    s = approve(s, 'data_check');
    s = approve(s, 'manager_review');
    s = approve(s, 'final_approval');
    expect(s.status).toBe('completed');
    expect(s.data.score).toBe(75);
  });

  it('rejection: the account manager is told and the instance ends rejected', () => {
    const s = toManagerReview({ score: 70, rating: 'B' });
    const r = apply(s, complete(s, 'manager_review', 'reject', { comment: '数据有误' }));
    expect(r.state.status).toBe('rejected');
    expect(r.effects.map((e) => e.type)).toEqual([
      'timer.cancel',
      'timer.cancel',
      'timer.cancel',
      'notify',
      'ended',
    ]);
    expect(r.effects.at(-1)).toEqual({ type: 'ended', outcome: 'rejected' });
    expect(r.state.history.at(-1)).toMatchObject({ stepId: 'rejected', event: 'end', outcome: 'rejected' });
  });

  it('deadline: reminders 2 and 1 days before, escalation to the manager of the assignee exactly once', () => {
    let s = toManagerReview({ score: 70, rating: 'B' });
    const taskId = Object.values(s.tasks).find((t) => t.stepId === 'manager_review')?.id as string;
    expect(s.tasks[taskId].dueAt).toBe(day(5));
    const timers = Object.entries(s.timers).filter(([, t]) => t.taskId === taskId);
    expect(timers.map(([, t]) => [t.purpose, t.at])).toEqual([
      ['reminder', day(3)],
      ['reminder', day(4)],
      ['deadline', day(5)],
    ]);
    for (const [id, t] of timers.slice(0, 2)) {
      const r = apply(s, { type: 'timer.fire', timerId: id, at: t.at });
      expect(r.effects).toEqual([expect.objectContaining({ type: 'notify', to: [PEOPLE.manager] })]);
      s = r.state;
    }
    const deadline: WorkflowEvent = { type: 'timer.fire', timerId: timers[2][0], at: day(5) };
    const escalated = apply(s, deadline);
    expect(openTasks(escalated.state)).toEqual({ manager_review: [PEOPLE.skip] });
    expect(escalated.effects.filter((e) => e.type === 'task.create')).toEqual([
      expect.objectContaining({ assignee: PEOPLE.skip, escalated: true, stepId: 'manager_review' }),
    ]);
    const again = apply(escalated.state, deadline);
    expect(again).toEqual({ ok: true, state: escalated.state, effects: [], changed: false });
    s = approve(escalated.state, 'manager_review', PEOPLE.skip, day(6));
    expect(openTasks(s)).toEqual({ final_approval: [PEOPLE.head] });
  });

  it.each([
    ['rating S', { score: 96, rating: 'S' }],
    ['rating D', { score: 45, rating: 'D' }],
    ['score under 60', { score: 58, rating: 'C' }],
  ])('calibration branch for %s: every committee member must approve', (_n, result) => {
    let s = toManagerReview(result);
    s = approve(s, 'manager_review');
    expect(openTasks(s)).toEqual({ calibration: [...PEOPLE.committee] });
    s = approve(s, 'calibration', PEOPLE.committee[0]);
    s = approve(s, 'calibration', PEOPLE.committee[2]);
    expect(openTasks(s)).toEqual({ calibration: [PEOPLE.committee[1]] });
    s = approve(s, 'calibration', PEOPLE.committee[1]);
    expect(openTasks(s)).toEqual({ final_approval: [PEOPLE.head] });
    s = approve(s, 'final_approval');
    expect(s.status).toBe('completed');
  });

  it('a calibration rejection ends the review rejected', () => {
    let s = toManagerReview({ score: 96, rating: 'S' });
    s = approve(s, 'manager_review');
    s = apply(
      s,
      complete(s, 'calibration', 'reject', { actor: PEOPLE.committee[1], comment: '评级偏高' }),
    ).state;
    expect(s.status).toBe('rejected');
    expect(openTasks(s)).toEqual({});
  });
});

describe('the other built-ins run end to end', () => {
  const ctx = context();
  const run = (wf: WorkflowDefinition, steps: ((s: InstanceState) => WorkflowEvent)[]) => {
    let s = initialInstanceState();
    for (const next of steps) {
      const r = transition(wf, s, next(s), ctx);
      if (!r.ok) throw new Error(`${r.code} ${r.message.en}`);
      s = r.state;
    }
    return s;
  };
  const start = () => ({ type: 'start', at: T0, data: { period: '2026' } }) as WorkflowEvent;
  const ok = (stepId: string, actor?: string) => (s: InstanceState) =>
    complete(s, stepId, 'approve', { actor });
  const no = (stepId: string) => (s: InstanceState) => complete(s, stepId, 'reject', { comment: '不同意' });
  const submit = (stepId: string) => (s: InstanceState) => complete(s, stepId, 'submit');
  const computed =
    (stepId: string, result: Record<string, unknown> = { score: 88, rating: 'A' }) =>
    () =>
      ({ type: 'compute.done', stepId, result, at: T0 }) as WorkflowEvent;

  it('annual_review: parallel manager review and cross-department feedback, then calibration', () => {
    const wf = builtinWorkflow('annual_review') as WorkflowDefinition;
    const s = run(wf, [start, submit('self_assessment'), computed('scoring'), ok('data_check')]);
    expect(openTasks(s)).toEqual({
      manager_review: [PEOPLE.manager],
      cross_department_feedback: [PEOPLE.head],
    });
    const done = run(wf, [
      start,
      submit('self_assessment'),
      computed('scoring'),
      ok('data_check'),
      submit('cross_department_feedback'),
      ok('manager_review'),
      ...PEOPLE.committee.map((c) => ok('calibration', c)),
      ok('final_approval'),
    ]);
    expect(done.status).toBe('completed');
    const rejected = run(wf, [
      start,
      submit('self_assessment'),
      computed('scoring'),
      ok('data_check'),
      no('manager_review'),
      submit('cross_department_feedback'),
    ]);
    expect(rejected.status).toBe('rejected');
  });

  it('adjustment_approval: the manager, then the department head', () => {
    const wf = builtinWorkflow('adjustment_approval') as WorkflowDefinition;
    const s = run(wf, [start]);
    expect(openTasks(s)).toEqual({ approvals: [PEOPLE.manager] });
    expect(run(wf, [start, ok('approvals'), ok('approvals')]).status).toBe('completed');
    expect(run(wf, [start, ok('approvals'), no('approvals')]).status).toBe('rejected');
  });

  it('survey_campaign: waits for the window, reminds, announces, tallies', () => {
    const wf = builtinWorkflow('survey_campaign') as WorkflowDefinition;
    const s = run(wf, [start]);
    expect(Object.values(s.timers).map((t) => [t.purpose, t.at])).toEqual([
      ['reminder', day(11)],
      ['reminder', day(13)],
      ['wait', day(14)],
    ]);
    const fire = (id: string, at: string) => () => ({ type: 'timer.fire', timerId: id, at }) as WorkflowEvent;
    const closed = run(wf, [
      start,
      fire('survey_window.1.r1', day(11)),
      fire('survey_window.1.wait', day(14)),
    ]);
    expect(closed.active).toEqual(['tally']);
    expect(run(wf, [start, fire('survey_window.1.wait', day(14)), computed('tally')]).status).toBe(
      'completed',
    );
  });

  it('score_dispute: starts at the review (the reason comes with the dispute); approve upholds, reject corrects', () => {
    const wf = builtinWorkflow('score_dispute') as WorkflowDefinition;
    const upheld = run(wf, [start, ok('dispute_review')]);
    expect(upheld.status).toBe('completed');
    expect(upheld.history.at(-1)).toMatchObject({ stepId: 'upheld' });
    const returned = (s: InstanceState) =>
      complete(s, 'dispute_review', 'return', { comment: '请补充依据 / add the evidence' });
    const corrected = run(wf, [start, returned, submit('dispute_reason'), no('dispute_review')]);
    expect(corrected.status).toBe('completed');
    expect(corrected.history.at(-1)).toMatchObject({ stepId: 'corrected' });
  });
});
