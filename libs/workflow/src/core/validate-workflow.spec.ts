import { def, step } from './test-support/fixtures';
import { validateWorkflow } from './validate-workflow.util';
import type { AssigneeRule, WorkflowDefinition } from './workflow.schema';

const HEAD: AssigneeRule = { relation: 'department_head' };
const MANAGER: AssigneeRule = { relation: 'manager_of_account_manager' };

/** A sound flow: form → compute → condition → review (return to form) → notify → end. */
const sound = () =>
  def(
    [
      step.form('self', 'scoring'),
      step.compute('scoring', 'route'),
      step.condition('route', [{ when: 'OR(rating = "S", score < 60)', next: 'review' }], 'review'),
      step.approval('review', 'single', [MANAGER], { approve: 'tell', reject: 'rejected', return: 'self' }),
      step.notify('tell', { relation: 'account_manager' }, 'done'),
      step.end('done'),
      step.end('rejected', 'rejected'),
    ],
    'self',
  );

type Row = { name: string; def: WorkflowDefinition; pointer: string; message: RegExp };

const rows: Row[] = [
  {
    name: 'duplicate step id',
    def: def([step.form('a', 'a2'), step.form('a2', 'end'), step.end('a2'), step.end('end')]),
    pointer: '/steps/2/id',
    message: /Step id "a2" is used twice/,
  },
  {
    name: 'start that does not exist',
    def: def([step.end('done')], 'nowhere'),
    pointer: '/start',
    message: /start step "nowhere" does not exist/,
  },
  {
    name: 'dangling next',
    def: def([step.form('a', 'b'), step.compute('b', 'missing'), step.end('c')]),
    pointer: '/steps/1/next',
    message: /There is no step "missing"/,
  },
  {
    name: 'dangling approve target',
    def: def([step.approval('r', 'single', [HEAD], { approve: 'gone', reject: 'done' }), step.end('done')]),
    pointer: '/steps/0/next/approve',
    message: /no step "gone"/,
  },
  {
    name: 'dangling condition branch',
    def: def([step.condition('c', [{ when: 'TRUE', next: 'x' }], 'done'), step.end('done')]),
    pointer: '/steps/0/branches/0/next',
    message: /no step "x"/,
  },
  {
    name: 'dangling parallel branch',
    def: def([
      step.parallel('p', ['a', 'ghost']),
      step.compute('a', 'j'),
      step.join('j', 'done'),
      step.end('done'),
    ]),
    pointer: '/steps/0/branches/1',
    message: /no step "ghost"/,
  },
  {
    name: 'unreachable step',
    def: def([step.form('a', 'done'), step.compute('orphan', 'done'), step.end('done')]),
    pointer: '/steps/1',
    message: /Step "orphan" cannot be reached from the start/,
  },
  {
    name: 'no end reachable (a trap)',
    def: def([
      step.form('a', 'b'),
      step.approval('b', 'single', [HEAD], { approve: 'a', reject: 'a' }),
      step.end('done'),
    ]),
    pointer: '/steps/0',
    message: /No end step can be reached from step "a"/,
  },
  {
    name: 'no end step at all',
    def: def([step.form('a', 'a')]),
    pointer: '/steps',
    message: /has no end step/,
  },
  {
    name: 'join mismatch: branches reach different joins',
    def: def([
      step.parallel('p', ['a', 'b']),
      step.compute('a', 'j1'),
      step.compute('b', 'j2'),
      step.join('j1', 'done'),
      step.join('j2', 'done'),
      step.end('done'),
    ]),
    pointer: '/steps/0/branches',
    message: /reach different joins: j1, j2/,
  },
  {
    name: 'a branch leaves its split for an end',
    def: def([
      step.parallel('p', ['a', 'b']),
      step.approval('a', 'single', [HEAD], { approve: 'j', reject: 'no' }),
      step.compute('b', 'j'),
      step.join('j', 'done'),
      step.end('done'),
      step.end('no', 'rejected'),
    ]),
    pointer: '/steps/0/branches',
    message: /branch "a" reaches "no" before any join/,
  },
  {
    name: 'a join without a split',
    def: def([step.form('a', 'j'), step.join('j', 'done'), step.end('done')]),
    pointer: '/steps/1',
    message: /Join "j" does not close any parallel split/,
  },
  {
    name: 'a join entered from outside its split',
    def: def([
      step.form('pre', 'p'),
      step.parallel('p', ['a', 'b']),
      step.compute('a', 'j'),
      step.compute('b', 'j'),
      step.join('j', 'after'),
      step.approval('after', 'single', [HEAD], { approve: 'done', reject: 'j' }),
      step.end('done'),
    ]),
    pointer: '/steps/5/next/reject',
    message: /Join "j" can only be entered from the branches of "p"/,
  },
  {
    name: 'branches that share a step',
    def: def([
      step.parallel('p', ['a', 'b']),
      step.compute('a', 'shared'),
      step.compute('b', 'shared'),
      step.compute('shared', 'j'),
      step.join('j', 'done'),
      step.end('done'),
    ]),
    pointer: '/steps/0/branches',
    message: /share step "shared"/,
  },
  {
    name: 'bad formula, with its position',
    def: def([step.condition('c', [{ when: 'score >= 60 AND', next: 'done' }], 'done'), step.end('done')]),
    pointer: '/steps/0/branches/0/when',
    message: /^Condition formula, line 1, column 13: /,
  },
  {
    name: 'formula over an unknown name, with its position',
    def: def([
      step.condition('c', [{ when: 'AND(score > 1, colour = "red")', next: 'done' }], 'done'),
      step.end('done'),
    ]),
    pointer: '/steps/0/branches/0/when',
    message: /line 1, column 16: Unknown field colour/,
  },
  {
    name: 'formula that gives text',
    def: def([step.condition('c', [{ when: 'rating', next: 'done' }], 'done'), step.end('done')]),
    pointer: '/steps/0/branches/0/when',
    message: /must be TRUE or FALSE/,
  },
  {
    name: 'single approval with two rules',
    def: def([
      step.approval('r', 'single', [HEAD, MANAGER], { approve: 'done', reject: 'done' }),
      step.end('done'),
    ]),
    pointer: '/steps/0/assignees',
    message: /exactly one assignee rule/,
  },
  {
    name: 'return target after the step',
    def: def([
      step.approval('r', 'single', [HEAD], { approve: 'f', reject: 'done', return: 'f' }),
      step.form('f', 'done'),
      step.end('done'),
    ]),
    pointer: '/steps/0/next/return',
    message: /return target "f" must be a step before this one/,
  },
  {
    name: 'return target out of the parallel branch',
    def: def([
      step.form('f', 'p'),
      step.parallel('p', ['r', 'c']),
      step.approval('r', 'single', [HEAD], { approve: 'j', reject: 'j', return: 'f' }),
      step.compute('c', 'j'),
      step.join('j', 'done'),
      step.end('done'),
    ]),
    pointer: '/steps/2/next/return',
    message: /in the same parallel branch/,
  },
  {
    name: 'reminder not before the deadline',
    def: def([step.form('f', 'done', { due: { days: 3, remindBefore: [1, 3] } }), step.end('done')]),
    pointer: '/steps/0/due/remindBefore/1',
    message: /before the deadline \(3 days\)/,
  },
  {
    name: 'form auto-approved at the deadline',
    def: def([
      step.form('f', 'done', { due: { days: 3, escalate: { action: 'approve' } } }),
      step.end('done'),
    ]),
    pointer: '/steps/0/due/escalate/action',
    message: /form task can only be submitted automatically/,
  },
  {
    name: 'a message placeholder that is no instance data',
    def: def([
      {
        ...step.notify('tell', HEAD, 'done'),
        message: {
          subject: { 'zh-CN': '得分 {score}', en: 'Score {scroe}' },
          body: { 'zh-CN': '正文', en: 'Body' },
        },
      } as WorkflowDefinition['steps'][number],
      step.end('done'),
    ]),
    pointer: '/steps/0/message/subject/en',
    message: /uses \{scroe\}, which is not known/,
  },
  {
    name: 'a loop that never waits',
    def: def([
      step.form('f', 'c'),
      step.condition('c', [{ when: 'score > 1', next: 'n' }], 'done'),
      step.notify('n', HEAD, 'c'),
      step.end('done'),
    ]),
    pointer: '/steps/1',
    message: /Steps c → n → c form a loop/,
  },
];

describe('validateWorkflow', () => {
  it('accepts a sound flow', () => {
    expect(validateWorkflow(sound())).toEqual([]);
  });

  it.each(rows)('$name → $pointer', ({ def: d, pointer, message }) => {
    const errors = validateWorkflow(d);
    const hit = errors.find((e) => e.pointer === pointer && message.test(e.message.en));
    expect({ hit: !!hit, errors }).toMatchObject({ hit: true });
    expect(hit?.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reads names declared in `data` and the approval outcomes', () => {
    const d = def(
      [
        step.approval('review', 'single', [HEAD], { approve: 'c', reject: 'c' }),
        step.condition(
          'c',
          [{ when: 'AND(review_outcome = "approve", ticket_count > 3)', next: 'done' }],
          'done',
        ),
        step.end('done'),
      ],
      'review',
      { data: [{ name: 'ticket_count', type: 'number' }] },
    );
    expect(validateWorkflow(d)).toEqual([]);
    expect(validateWorkflow({ ...d, data: [] }).map((e) => e.pointer)).toEqual(['/steps/1/branches/0/when']);
  });

  it('accepts nested splits and an empty branch', () => {
    const d = def([
      step.parallel('outer', ['inner', 'c', 'outer_join']),
      step.parallel('inner', ['a', 'b']),
      step.compute('a', 'inner_join'),
      step.compute('b', 'inner_join'),
      step.join('inner_join', 'outer_join'),
      step.compute('c', 'outer_join'),
      step.join('outer_join', 'end'),
      step.end('end'),
    ]);
    expect(validateWorkflow(d)).toEqual([]);
  });
});
