import type { Effect, InstanceState, WorkflowEvent } from './instance.types';
import {
  PEOPLE,
  T0,
  complete,
  context,
  day,
  def,
  drive,
  frozen,
  openTasks,
  step,
  taskOf,
} from './test-support/fixtures';
import { initialInstanceState, transition } from './transition';
import type { AssigneeRule, WorkflowDefinition } from './workflow.schema';

const START: WorkflowEvent = { type: 'start', at: T0 };
const MANAGER: AssigneeRule = { relation: 'manager_of_account_manager' };
const HEAD: AssigneeRule = { relation: 'department_head' };
const COMMITTEE: AssigneeRule = { relation: 'calibration_committee' };

const ofType = <T extends Effect['type']>(effects: readonly Effect[], type: T) =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

/** form → review (approval) → approved | rejected, with return to the form. */
function reviewFlow(
  mode: 'single' | 'any' | 'all' | 'sequence',
  assignees: AssigneeRule[],
  more: object = {},
) {
  return def([
    step.form('self', 'review'),
    step.approval(
      'review',
      mode,
      assignees,
      { approve: 'approved', reject: 'rejected', return: 'self' },
      more,
    ),
    step.end('approved'),
    step.end('rejected', 'rejected'),
  ]);
}

function atReview(d: WorkflowDefinition, ctx = context()): InstanceState {
  const { state } = drive(d, [START], ctx);
  return drive(d, [complete(state, 'self', 'submit', { data: { note: 'done' } })], ctx, state).state;
}

describe('transition: starting and forms', () => {
  it('opens the first form task with a deterministic id and merges start data', () => {
    const d = reviewFlow('single', [MANAGER]);
    const r = transition(
      d,
      initialInstanceState(),
      { type: 'start', at: T0, data: { period: '2026-Q2' } },
      context(),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.seq).toBe(1);
    expect(r.state.active).toEqual(['self']);
    expect(r.state.data).toEqual({ period: '2026-Q2' });
    expect(r.effects).toEqual([
      {
        type: 'task.create',
        taskId: 'self.1',
        stepId: 'self',
        kind: 'form',
        assignee: PEOPLE.am,
        title: { 'zh-CN': 'self', en: 'self' },
        form: { key: 'am_self_assessment' },
      },
    ]);
  });

  it('a submitted form merges its answers into the data (never onto the prototype) and moves on', () => {
    const d = reviewFlow('single', [MANAGER]);
    const { state } = drive(d, [START]);
    const answers = JSON.parse('{"strengths":"renewal","__proto__":{"polluted":true}}') as Record<
      string,
      unknown
    >;
    const r = transition(d, state, complete(state, 'self', 'submit', { data: answers }), context());
    if (!r.ok) throw new Error(r.code);
    expect(r.state.data).toEqual({ strengths: 'renewal' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.state.tasks['self.1']).toMatchObject({
      status: 'done',
      outcome: 'submit',
      completedBy: PEOPLE.am,
    });
    expect(openTasks(r.state)).toEqual({ review: [PEOPLE.manager] });
    expect(r.state.active).toEqual(['review']);
  });

  it('survives JSON of the wrong shape without throwing', () => {
    const d = reviewFlow('single', [MANAGER]);
    const { state } = drive(d, [START]);
    const odd = { ...complete(state, 'self', 'submit'), comment: 42, data: ['not', 'an', 'object'] };
    const r = transition(d, state, odd as unknown as WorkflowEvent, context());
    expect(r).toMatchObject({ ok: true, changed: true });
    const wrongTimer = { type: 'timer.fire', timerId: 7, at: T0 } as unknown as WorkflowEvent;
    expect(transition(d, state, wrongTimer, context())).toMatchObject({ ok: false, code: 'unknown_timer' });
  });

  it('a repeated start is an accepted no-op; a start after the end is refused', () => {
    const d = reviewFlow('single', [MANAGER]);
    const { state } = drive(d, [START]);
    const again = transition(d, state, START, context());
    expect(again).toEqual({ ok: true, state, effects: [], changed: false });
    const ended = drive(
      d,
      [{ type: 'cancel', actor: PEOPLE.admin, reason: 'wrong cycle', at: T0 }],
      context(),
      state,
    );
    expect(transition(d, ended.state, START, context())).toMatchObject({ ok: false, code: 'instance_ended' });
  });

  it('falls back to an admin when a rule resolves to nobody, and refuses when there is no admin either', () => {
    const d = reviewFlow('single', [MANAGER]);
    const nobody = context({ manager_of_account_manager: [] });
    const state = atReview(d, nobody);
    expect(openTasks(state)).toEqual({ review: [PEOPLE.admin] });
    expect(state.history.some((h) => h.event === 'assignee.fallback' && h.to === PEOPLE.admin)).toBe(true);
    const none = context({ account_manager: [], admin: [] });
    expect(transition(d, initialInstanceState(), START, none)).toMatchObject({
      ok: false,
      code: 'no_assignee',
    });
  });

  it.each([
    ['an unparsable time', { type: 'start', at: 'yesterday' }],
    ['an unknown event type', { type: 'task.approve', at: T0 }],
    ['a missing actor', { type: 'cancel', actor: '', reason: 'x', at: T0 }],
  ])('refuses %s as bad_event without throwing', (_name, event) => {
    const d = reviewFlow('single', [MANAGER]);
    expect(transition(d, initialInstanceState(), event as WorkflowEvent, context())).toMatchObject({
      ok: false,
      code: 'bad_event',
    });
  });
});

describe('transition: approval modes', () => {
  type Row = {
    name: string;
    mode: 'single' | 'any' | 'all' | 'sequence';
    assignees: AssigneeRule[];
    actions: [actor: string, outcome: 'approve' | 'reject'][];
    status: InstanceState['status'];
    open: Record<string, string[]>;
    cancelled: string[];
  };
  const [c1, c2, c3] = PEOPLE.committee;
  const rows: Row[] = [
    {
      name: 'single: the one approver decides',
      mode: 'single',
      assignees: [MANAGER],
      actions: [[PEOPLE.manager, 'approve']],
      status: 'completed',
      open: {},
      cancelled: [],
    },
    {
      name: 'any: the first approval wins and cancels the rest',
      mode: 'any',
      assignees: [COMMITTEE],
      actions: [[c2, 'approve']],
      status: 'completed',
      open: {},
      cancelled: [c1, c3],
    },
    {
      name: 'any: the first rejection wins',
      mode: 'any',
      assignees: [COMMITTEE],
      actions: [[c3, 'reject']],
      status: 'rejected',
      open: {},
      cancelled: [c1, c2],
    },
    {
      name: 'all: two of three approvals keep the step waiting',
      mode: 'all',
      assignees: [COMMITTEE],
      actions: [
        [c1, 'approve'],
        [c2, 'approve'],
      ],
      status: 'running',
      open: { review: [c3] },
      cancelled: [],
    },
    {
      name: 'all: every approval approves',
      mode: 'all',
      assignees: [COMMITTEE],
      actions: [
        [c1, 'approve'],
        [c3, 'approve'],
        [c2, 'approve'],
      ],
      status: 'completed',
      open: {},
      cancelled: [],
    },
    {
      name: 'all: one rejection decides and cancels the rest',
      mode: 'all',
      assignees: [COMMITTEE],
      actions: [
        [c1, 'approve'],
        [c2, 'reject'],
      ],
      status: 'rejected',
      open: {},
      cancelled: [c3],
    },
    {
      name: 'all: users from several rules, each once',
      mode: 'all',
      assignees: [MANAGER, HEAD, { userId: PEOPLE.manager }],
      actions: [[PEOPLE.head, 'approve']],
      status: 'running',
      open: { review: [PEOPLE.manager] },
      cancelled: [],
    },
    {
      name: 'sequence: the next approver gets a task only after the previous approved',
      mode: 'sequence',
      assignees: [MANAGER, HEAD],
      actions: [[PEOPLE.manager, 'approve']],
      status: 'running',
      open: { review: [PEOPLE.head] },
      cancelled: [],
    },
    {
      name: 'sequence: all in order approve',
      mode: 'sequence',
      assignees: [MANAGER, HEAD],
      actions: [
        [PEOPLE.manager, 'approve'],
        [PEOPLE.head, 'approve'],
      ],
      status: 'completed',
      open: {},
      cancelled: [],
    },
    {
      name: 'sequence: a rejection on the way decides',
      mode: 'sequence',
      assignees: [MANAGER, HEAD],
      actions: [[PEOPLE.manager, 'reject']],
      status: 'rejected',
      open: {},
      cancelled: [],
    },
  ];

  it.each(rows)('$name', ({ mode, assignees, actions, status, open, cancelled }) => {
    const d = reviewFlow(mode, assignees);
    let state = atReview(d);
    if (mode === 'sequence') expect(openTasks(state)).toEqual({ review: [PEOPLE.manager] });
    const effects: Effect[] = [];
    for (const [actor, outcome] of actions) {
      const r = transition(d, state, complete(state, 'review', outcome, { actor }), context());
      if (!r.ok) throw new Error(r.code);
      state = r.state;
      effects.push(...r.effects);
    }
    expect(state.status).toBe(status);
    expect(openTasks(state)).toEqual(open);
    const cancelledUsers = ofType(effects, 'task.cancel').map((e) => state.tasks[e.taskId].assignee);
    expect(cancelledUsers.sort()).toEqual([...cancelled].sort());
    if (status !== 'running') {
      expect(state.data.review_outcome).toBe(status === 'completed' ? 'approve' : 'reject');
      expect(ofType(effects, 'ended')).toEqual([{ type: 'ended', outcome: status }]);
    }
  });

  it('opens one task per user with ids step.seq.n', () => {
    const state = atReview(reviewFlow('any', [COMMITTEE]));
    expect(Object.keys(state.tasks)).toEqual(['self.1', 'review.2.1', 'review.2.2', 'review.2.3']);
  });
});

describe('transition: refusals', () => {
  const d = reviewFlow('single', [MANAGER]);
  const state = frozen(atReview(d));
  const taskId = taskOf(state, 'review');
  const ev = (more: Partial<Extract<WorkflowEvent, { type: 'task.complete' }>>): WorkflowEvent => ({
    type: 'task.complete',
    taskId,
    actor: PEOPLE.manager,
    outcome: 'approve',
    comment: 'fine',
    at: T0,
    ...more,
  });
  it.each([
    ['approve without a comment', ev({ comment: undefined }), 'comment_required'],
    ['reject with a blank comment', ev({ outcome: 'reject', comment: '   ' }), 'comment_required'],
    ['return without a comment', ev({ outcome: 'return', comment: '' }), 'comment_required'],
    ['someone else than the assignee', ev({ actor: PEOPLE.head }), 'not_assignee'],
    ['the account manager approving her own review', ev({ actor: PEOPLE.am }), 'not_assignee'],
    ['an unknown task', ev({ taskId: 'review.99' }), 'unknown_task'],
    ['a prototype name as task id', ev({ taskId: '__proto__' }), 'unknown_task'],
    ['submit on an approval', ev({ outcome: 'submit' }), 'bad_outcome'],
    ['a made-up outcome', ev({ outcome: 'maybe' as 'approve' }), 'bad_outcome'],
    ['a done form task', ev({ taskId: 'self.1', actor: PEOPLE.am, outcome: 'submit' }), 'task_not_open'],
  ])('refuses %s', (_name, event, code) => {
    const r = transition(d, state, event, context());
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) {
      expect(r.message['zh-CN'].length).toBeGreaterThan(0);
      expect(r.message.en.length).toBeGreaterThan(0);
    }
  });

  it('a form task only takes submit', () => {
    const { state: s } = drive(d, [START]);
    const r = transition(
      d,
      s,
      { ...complete(s, 'self', 'submit'), outcome: 'approve', comment: 'x' } as WorkflowEvent,
      context(),
    );
    expect(r).toMatchObject({ ok: false, code: 'bad_outcome' });
  });

  it('return is refused where the step names no return target', () => {
    const noReturn = def([
      step.approval('review', 'single', [MANAGER], { approve: 'ok', reject: 'no' }),
      step.end('ok'),
      step.end('no', 'rejected'),
    ]);
    const { state: s } = drive(noReturn, [START]);
    const r = transition(noReturn, s, complete(s, 'review', 'return'), context());
    expect(r).toMatchObject({ ok: false, code: 'bad_outcome' });
  });

  it('the second of two concurrent approvals of the same task gets task_not_open', () => {
    const twoLevels = def([
      step.approval('review', 'single', [MANAGER], { approve: 'final', reject: 'no' }),
      step.approval('final', 'single', [HEAD], { approve: 'ok', reject: 'no' }),
      step.end('ok'),
      step.end('no', 'rejected'),
    ]);
    const { state: s } = drive(twoLevels, [START]);
    const approve = complete(s, 'review', 'approve');
    const rejectIt = complete(s, 'review', 'reject', { comment: 'no' });
    const first = transition(twoLevels, s, approve, context());
    expect(first.ok && transition(twoLevels, s, rejectIt, context()).ok).toBe(true); // both computed from the same state…
    if (!first.ok) return;
    // …the runtime commits the first; recomputing the second on the committed state is refused.
    expect(transition(twoLevels, first.state, rejectIt, context())).toMatchObject({
      ok: false,
      code: 'task_not_open',
    });
    expect(transition(twoLevels, first.state, approve, context())).toMatchObject({
      ok: false,
      code: 'task_not_open',
    });
    // Also when the winner ended the instance.
    const ended = transition(d, state, ev({}), context());
    if (!ended.ok) throw new Error(ended.code);
    expect(ended.state.status).toBe('completed');
    expect(transition(d, ended.state, ev({ outcome: 'reject', comment: 'no' }), context())).toMatchObject({
      ok: false,
      code: 'task_not_open',
    });
  });
});

describe('transition: return for revision', () => {
  it('cancels the open tasks, counts the round and goes back to the form', () => {
    const d = reviewFlow('all', [MANAGER, HEAD]);
    const state = atReview(d);
    const r = transition(
      d,
      state,
      complete(state, 'review', 'return', { actor: PEOPLE.manager, comment: 'add the Q2 renewals' }),
      context(),
    );
    if (!r.ok) throw new Error(r.code);
    expect(r.state.round).toBe(1);
    expect(r.state.data.review_outcome).toBe('return');
    expect(r.state.active).toEqual(['self']);
    expect(openTasks(r.state)).toEqual({ self: [PEOPLE.am] });
    expect(ofType(r.effects, 'task.cancel').map((e) => r.state.tasks[e.taskId].assignee)).toEqual([
      PEOPLE.head,
    ]);
    expect(r.state.tasks[taskOf(state, 'review', PEOPLE.manager)]).toMatchObject({
      outcome: 'return',
      comment: 'add the Q2 renewals',
    });
    // The second round reaches the review again with fresh tasks.
    const again = drive(d, [complete(r.state, 'self', 'submit')], context(), r.state).state;
    expect(openTasks(again)).toEqual({ review: [PEOPLE.manager, PEOPLE.head] });
  });
});

describe('transition: delegation', () => {
  const d = reviewFlow('single', [MANAGER]);
  const state = atReview(d);
  const taskId = taskOf(state, 'review');
  const delegate = (more: object = {}): WorkflowEvent => ({
    type: 'task.delegate',
    taskId,
    actor: PEOPLE.manager,
    to: PEOPLE.skip,
    comment: 'on leave',
    at: T0,
    ...more,
  });

  it('moves the task to the new assignee, who alone can complete it', () => {
    const r = transition(d, state, delegate(), context());
    if (!r.ok) throw new Error(r.code);
    expect(r.state.tasks[taskId]).toMatchObject({
      assignee: PEOPLE.skip,
      delegatedFrom: PEOPLE.manager,
      status: 'open',
    });
    expect(r.effects).toEqual([
      { type: 'task.reassign', taskId, stepId: 'review', assignee: PEOPLE.skip, previous: PEOPLE.manager },
    ]);
    expect(r.state.history.at(-1)).toMatchObject({
      event: 'task.delegate',
      actor: PEOPLE.manager,
      to: PEOPLE.skip,
    });
    const approve = (actor: string): WorkflowEvent => ({
      type: 'task.complete',
      taskId,
      actor,
      outcome: 'approve',
      comment: 'agreed',
      at: T0,
    });
    expect(transition(d, r.state, approve(PEOPLE.manager), context())).toMatchObject({
      ok: false,
      code: 'not_assignee',
    });
    expect(transition(d, r.state, approve(PEOPLE.skip), context())).toMatchObject({ ok: true });
  });

  it.each([
    ['by someone else', { actor: PEOPLE.head }, 'not_assignee'],
    ['without a comment', { comment: ' ' }, 'comment_required'],
    ['to the assignee', { to: PEOPLE.manager }, 'bad_event'],
    ['to nobody', { to: '' }, 'bad_event'],
  ])('refuses a delegation %s', (_n, more, code) => {
    expect(transition(d, state, delegate(more), context())).toMatchObject({ ok: false, code });
  });
});

describe('transition: parallel split and join', () => {
  const d = def([
    step.parallel('split', ['legal', 'finance', 'done_join']),
    step.form('legal', 'legal_ok'),
    step.approval('legal_ok', 'single', [HEAD], { approve: 'done_join', reject: 'done_join' }),
    step.approval('finance', 'single', [MANAGER], { approve: 'done_join', reject: 'done_join' }),
    step.join('done_join', 'check'),
    step.condition(
      'check',
      [{ when: 'OR(legal_ok_outcome = "reject", finance_outcome = "reject")', next: 'no' }],
      'ok',
    ),
    step.end('ok'),
    step.end('no', 'rejected'),
  ]);

  it('runs the branches at once and passes the join when every branch arrived', () => {
    let { state } = drive(d, [START]);
    expect(openTasks(state)).toEqual({ legal: [PEOPLE.am], finance: [PEOPLE.manager] });
    // The empty third branch arrives at once.
    expect(state.joins).toEqual({ done_join: ['done_join'] });
    expect(state.active).toEqual(['legal', 'finance', 'done_join']);
    state = drive(d, [complete(state, 'finance', 'approve')], context(), state).state;
    expect(state.joins).toEqual({ done_join: ['done_join', 'finance'] });
    state = drive(d, [complete(state, 'legal', 'submit')], context(), state).state;
    expect(state.status).toBe('running');
    expect(state.active).toEqual(['done_join', 'legal_ok']);
    state = drive(d, [complete(state, 'legal_ok', 'approve')], context(), state).state;
    expect(state.status).toBe('completed');
    expect(state.joins).toEqual({});
    expect(state.active).toEqual([]);
  });

  it('a rejected branch still joins; a condition after the join reads the branch outcomes', () => {
    let { state } = drive(d, [START]);
    state = drive(d, [complete(state, 'finance', 'reject')], context(), state).state;
    state = drive(d, [complete(state, 'legal', 'submit')], context(), state).state;
    state = drive(d, [complete(state, 'legal_ok', 'approve')], context(), state).state;
    expect(state.status).toBe('rejected');
  });

  it('nested splits join inside out', () => {
    const nested = def([
      step.parallel('outer', ['inner', 'c']),
      step.parallel('inner', ['a', 'b']),
      step.compute('a', 'inner_join'),
      step.compute('b', 'inner_join'),
      step.join('inner_join', 'outer_join'),
      step.compute('c', 'outer_join'),
      step.join('outer_join', 'end'),
      step.end('end'),
    ]);
    const done = (stepId: string): WorkflowEvent => ({ type: 'compute.done', stepId, result: {}, at: T0 });
    let { state } = drive(nested, [START]);
    expect(state.active).toEqual(['c', 'a', 'b']);
    state = drive(nested, [done('a'), done('c')], context(), state).state;
    expect(state.joins).toEqual({ inner_join: ['a'], outer_join: ['c'] });
    state = drive(nested, [done('b')], context(), state).state;
    expect(state.status).toBe('completed');
  });
});

describe('transition: conditions', () => {
  const d = def(
    [
      step.compute('scoring', 'route'),
      step.condition(
        'route',
        [
          { when: 'OR(rating = "S", rating = "D", score < 60)', next: 'calibration' },
          { when: 'AND(account_type = "multinational", round >= 1)', next: 'second_look' },
        ],
        'final',
      ),
      step.end('calibration'),
      step.end('second_look'),
      step.end('final'),
    ],
    'scoring',
  );
  type Row = {
    name: string;
    result: Record<string, unknown>;
    start?: Record<string, unknown>;
    round?: number;
    to: string;
  };
  const rows: Row[] = [
    { name: 'rating S calibrates', result: { score: 97, rating: 'S' }, to: 'calibration' },
    { name: 'rating D calibrates', result: { score: 40, rating: 'D' }, to: 'calibration' },
    { name: 'score under 60 calibrates', result: { score: 59.5, rating: 'C' }, to: 'calibration' },
    { name: 'a plain B goes to the final approval', result: { score: 80, rating: 'B' }, to: 'final' },
    { name: 'ratings compare case-insensitively', result: { score: 96, rating: 's' }, to: 'calibration' },
    { name: 'a missing name is #REF!, not true', result: { score: 80 }, to: 'final' },
    {
      name: 'the second branch reads start data and the round',
      result: { score: 80, rating: 'B' },
      start: { account_type: 'multinational' },
      round: 1,
      to: 'second_look',
    },
    {
      name: 'the second branch is not taken in round 0',
      result: { score: 80, rating: 'B' },
      start: { account_type: 'multinational' },
      to: 'final',
    },
  ];
  it.each(rows)('$name', ({ result, start, round, to }) => {
    const from = { ...initialInstanceState(), round: round ?? 0 };
    const { state } = drive(
      d,
      [
        { type: 'start', at: T0, data: start },
        { type: 'compute.done', stepId: 'scoring', result, at: T0 },
      ],
      context(),
      from,
    );
    expect(state.history.filter((h) => h.event === 'enter').map((h) => h.stepId)).toEqual([
      'scoring',
      'route',
      to,
    ]);
  });
});

describe('transition: notify', () => {
  it('fills {placeholders} from the data, a blank as —', () => {
    const d = def([
      step.compute('scoring', 'tell'),
      step.notify('tell', { relation: 'account_manager' }, 'done'),
      step.end('done'),
    ]);
    const { results } = drive(d, [
      START,
      { type: 'compute.done', stepId: 'scoring', result: { score: null }, at: T0 },
    ]);
    expect(ofType(results[1].effects, 'notify')).toEqual([
      {
        type: 'notify',
        to: [PEOPLE.am],
        subject: { 'zh-CN': '得分 —', en: 'Score —' },
        body: { 'zh-CN': 'body', en: 'body' },
        stepId: 'tell',
      },
    ]);
  });
});

describe('transition: compute', () => {
  const d = def([step.compute('scoring', 'done'), step.end('done')]);
  it('asks for the computation, merges its result, and takes a repeated result as a no-op', () => {
    const { state, results } = drive(d, [START]);
    expect(results[0].effects).toEqual([{ type: 'compute', stepId: 'scoring' }]);
    const done: WorkflowEvent = {
      type: 'compute.done',
      stepId: 'scoring',
      result: { score: 88, rating: 'A' },
      at: T0,
    };
    const r = transition(d, state, done, context());
    if (!r.ok) throw new Error(r.code);
    expect(r.state.data).toMatchObject({ score: 88, rating: 'A' });
    expect(r.state.status).toBe('completed');
    expect(transition(d, r.state, done, context())).toEqual({
      ok: true,
      state: r.state,
      effects: [],
      changed: false,
    });
    expect(transition(d, state, { ...done, stepId: 'done' }, context())).toMatchObject({
      ok: true,
      changed: false,
    });
  });
});

describe('transition: deadlines and timers', () => {
  const due = (escalate?: object) => ({
    due: { days: 5, remindBefore: [1, 2], ...(escalate ? { escalate } : {}) },
  });

  it('schedules the reminders and the deadline from event.at', () => {
    const d = reviewFlow('single', [MANAGER], due({ to: 'manager_of_assignee' }));
    const { state } = drive(d, [START]);
    const r = transition(d, state, complete(state, 'self', 'submit', { at: day(1) }), context());
    if (!r.ok) throw new Error(r.code);
    expect(ofType(r.effects, 'timer.schedule')).toEqual([
      { type: 'timer.schedule', timerId: 'review.2.r1', at: day(4), purpose: 'reminder' },
      { type: 'timer.schedule', timerId: 'review.2.r2', at: day(5), purpose: 'reminder' },
      { type: 'timer.schedule', timerId: 'review.2.due', at: day(6), purpose: 'deadline' },
    ]);
    expect(ofType(r.effects, 'task.create')[0].dueAt).toBe(day(6));
    expect(r.state.timers['review.2.r1']).toEqual({
      at: day(4),
      purpose: 'reminder',
      stepId: 'review',
      taskId: 'review.2',
      days: 2,
    });
  });

  it('a reminder notifies the assignee; the deadline escalates to their manager exactly once', () => {
    const d = reviewFlow('single', [MANAGER], due({ to: 'manager_of_assignee' }));
    let state = atReview(d);
    const remind = transition(
      d,
      state,
      { type: 'timer.fire', timerId: 'review.2.r1', at: day(3) },
      context(),
    );
    if (!remind.ok) throw new Error(remind.code);
    expect(remind.effects).toHaveLength(1);
    expect(remind.effects[0]).toMatchObject({ type: 'notify', to: [PEOPLE.manager], stepId: 'review' });
    expect(remind.state.timers['review.2.r1']).toBeUndefined();
    state = remind.state;

    const fire: WorkflowEvent = { type: 'timer.fire', timerId: 'review.2.due', at: day(5) };
    const esc = transition(d, state, fire, context());
    if (!esc.ok) throw new Error(esc.code);
    expect(esc.state.tasks['review.2']).toMatchObject({ status: 'cancelled', escalated: true });
    expect(esc.state.tasks['review.4']).toMatchObject({
      assignee: PEOPLE.skip,
      escalated: true,
      escalatedFrom: PEOPLE.manager,
      status: 'open',
      dueAt: day(10),
    });
    expect(esc.effects.map((e) => e.type)).toEqual([
      'task.cancel',
      'timer.cancel', // the other reminder of the old task
      'task.create',
      'timer.schedule',
      'timer.schedule',
    ]);
    expect(ofType(esc.effects, 'task.create')[0]).toMatchObject({ assignee: PEOPLE.skip, escalated: true });
    // The escalated task has reminders but no deadline of its own: it never escalates again.
    expect(Object.values(esc.state.timers).map((t) => t.purpose)).toEqual(['reminder', 'reminder']);
    // The same timer again (BullMQ delivers at least once) changes nothing.
    expect(transition(d, esc.state, fire, context())).toEqual({
      ok: true,
      state: esc.state,
      effects: [],
      changed: false,
    });
    // The manager's manager approves the escalated task.
    const approved = transition(
      d,
      esc.state,
      complete(esc.state, 'review', 'approve', { actor: PEOPLE.skip }),
      context(),
    );
    expect(approved.ok && approved.state.status).toBe('completed');
  });

  it.each([
    ['approve', 'completed'],
    ['reject', 'rejected'],
  ] as const)(
    'escalate.action %s completes the task as the system with a bilingual comment',
    (action, status) => {
      const d = reviewFlow('single', [MANAGER], due({ action }));
      const state = atReview(d);
      const r = transition(d, state, { type: 'timer.fire', timerId: 'review.2.due', at: day(5) }, context());
      if (!r.ok) throw new Error(r.code);
      expect(r.state.status).toBe(status);
      expect(r.state.tasks['review.2']).toMatchObject({
        status: 'done',
        outcome: action,
        completedBy: 'system',
      });
      expect(r.state.tasks['review.2'].comment).toMatch(/系统自动处理.*\/ .*completed by the system/);
    },
  );

  it('without escalation the deadline tells the assignee the task is overdue', () => {
    const d = reviewFlow('single', [MANAGER], due());
    const state = atReview(d);
    const r = transition(d, state, { type: 'timer.fire', timerId: 'review.2.due', at: day(5) }, context());
    if (!r.ok) throw new Error(r.code);
    expect(r.effects).toEqual([
      expect.objectContaining({
        type: 'notify',
        to: [PEOPLE.manager],
        subject: expect.objectContaining({ en: 'Overdue: "review"' }),
      }),
    ]);
    expect(r.state.tasks['review.2']).toMatchObject({ status: 'open', escalated: true });
  });

  it('completing a task cancels its timers; a late fire is a no-op; a never-issued timer is unknown', () => {
    const d = reviewFlow('single', [MANAGER], due({ to: 'manager_of_assignee' }));
    const state = atReview(d);
    const r = transition(d, state, complete(state, 'review', 'approve'), context());
    if (!r.ok) throw new Error(r.code);
    expect(ofType(r.effects, 'timer.cancel').map((e) => e.timerId)).toEqual([
      'review.2.r1',
      'review.2.r2',
      'review.2.due',
    ]);
    expect(r.state.timers).toEqual({});
    const late = transition(
      d,
      r.state,
      { type: 'timer.fire', timerId: 'review.2.due', at: day(5) },
      context(),
    );
    expect(late).toMatchObject({ ok: true, changed: false, effects: [] });
    for (const timerId of ['review.9.due', 'nosuch.1.due', 'garbage']) {
      expect(transition(d, state, { type: 'timer.fire', timerId, at: day(5) }, context())).toMatchObject({
        ok: false,
        code: 'unknown_timer',
      });
    }
  });

  it('a wait step waits its days, reminds before the end, then moves on', () => {
    const d = def([
      step.wait('window', 14, 'closed', { reminders: [3, 1], remindTo: { relation: 'account_manager' } }),
      step.notify('closed', { relation: 'admin' }, 'done'),
      step.end('done'),
    ]);
    const { state, results } = drive(d, [START]);
    expect(ofType(results[0].effects, 'timer.schedule')).toEqual([
      { type: 'timer.schedule', timerId: 'window.1.r1', at: day(11), purpose: 'reminder' },
      { type: 'timer.schedule', timerId: 'window.1.r2', at: day(13), purpose: 'reminder' },
      { type: 'timer.schedule', timerId: 'window.1.wait', at: day(14), purpose: 'wait' },
    ]);
    const remind = transition(
      d,
      state,
      { type: 'timer.fire', timerId: 'window.1.r1', at: day(11) },
      context(),
    );
    if (!remind.ok) throw new Error(remind.code);
    expect(remind.effects).toEqual([
      expect.objectContaining({
        type: 'notify',
        to: [PEOPLE.am],
        subject: expect.objectContaining({ en: 'Reminder: "window" ends in 3 day(s)' }),
      }),
    ]);
    const end = transition(
      d,
      remind.state,
      { type: 'timer.fire', timerId: 'window.1.wait', at: day(14) },
      context(),
    );
    if (!end.ok) throw new Error(end.code);
    expect(end.effects.map((e) => e.type)).toEqual(['timer.cancel', 'notify', 'ended']);
    expect(end.state.status).toBe('completed');
  });
});

describe('transition: cancel', () => {
  const d = reviewFlow('any', [COMMITTEE], { due: { days: 5 } });
  const state = atReview(d);

  it('cancels every open task and timer and ends the instance', () => {
    const r = transition(
      d,
      state,
      { type: 'cancel', actor: PEOPLE.admin, reason: 'account left the programme', at: T0 },
      context(),
    );
    if (!r.ok) throw new Error(r.code);
    expect(r.state.status).toBe('cancelled');
    expect(r.state.active).toEqual([]);
    expect(r.state.timers).toEqual({});
    expect(openTasks(r.state)).toEqual({});
    expect(ofType(r.effects, 'task.cancel')).toHaveLength(3);
    expect(ofType(r.effects, 'timer.cancel')).toHaveLength(3);
    expect(r.effects.at(-1)).toEqual({ type: 'ended', outcome: 'cancelled' });
    expect(r.state.history.at(-1)).toMatchObject({
      event: 'cancel',
      actor: PEOPLE.admin,
      comment: 'account left the programme',
    });

    // After the end: its tasks are closed, late timers and results change nothing, nothing else is taken.
    const [task] = Object.keys(state.tasks).filter((id) => state.tasks[id].status === 'open');
    const late: WorkflowEvent = {
      type: 'task.complete',
      taskId: task,
      actor: state.tasks[task].assignee,
      outcome: 'approve',
      comment: 'x',
      at: T0,
    };
    expect(transition(d, r.state, late, context())).toMatchObject({ ok: false, code: 'task_not_open' });
    expect(transition(d, r.state, { ...late, taskId: 'review.77' }, context())).toMatchObject({
      ok: false,
      code: 'instance_ended',
    });
    expect(
      transition(d, r.state, { type: 'timer.fire', timerId: `${task}.due`, at: day(5) }, context()),
    ).toMatchObject({
      ok: true,
      changed: false,
    });
    expect(
      transition(d, r.state, { type: 'cancel', actor: PEOPLE.admin, reason: 'again', at: T0 }, context()),
    ).toMatchObject({
      ok: false,
      code: 'instance_ended',
    });
  });

  it('needs a reason', () => {
    expect(
      transition(d, state, { type: 'cancel', actor: PEOPLE.admin, reason: ' ', at: T0 }, context()),
    ).toMatchObject({
      ok: false,
      code: 'comment_required',
    });
  });
});

describe('transition: purity', () => {
  const d = reviewFlow('all', [COMMITTEE, MANAGER], {
    due: { days: 5, remindBefore: [1], escalate: { to: 'manager_of_assignee' } },
  });
  const script = (s0: InstanceState): WorkflowEvent[] => {
    const s = atReview(d);
    void s0;
    return [
      complete(s, 'review', 'approve', { actor: PEOPLE.committee[0], at: day(1) }),
      { type: 'timer.fire', timerId: `${taskOf(s, 'review', PEOPLE.manager)}.due`, at: day(5) },
    ];
  };

  it('the same inputs give deep-equal outputs and the inputs are never mutated', () => {
    const start = frozen(atReview(d));
    const events = frozen(script(start));
    const a = drive(d, events, context(), start);
    const b = drive(d, events, context(), start);
    expect(a).toEqual(b);
    expect(JSON.parse(JSON.stringify(a.state))).toEqual(a.state); // plain JSON
    expect(a.state.history.every((h) => h.at === T0 || h.at === day(1) || h.at === day(5))).toBe(true);
  });

  it('a loop of automatic steps is stopped, not run forever', () => {
    const loop = def([
      step.condition('a', [{ when: 'TRUE', next: 'b' }], 'done'),
      step.notify('b', { relation: 'admin' }, 'a'),
      step.end('done'),
    ]);
    expect(transition(loop, initialInstanceState(), START, context())).toMatchObject({
      ok: false,
      code: 'step_limit',
    });
  });
});
