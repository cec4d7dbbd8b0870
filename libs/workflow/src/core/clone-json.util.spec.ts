import { cloneJson } from './clone-json.util';

describe('cloneJson', () => {
  it('copies a state deeply: changing the copy leaves the original as it was', () => {
    const state = {
      status: 'running',
      seq: 3,
      active: ['review'],
      tasks: { 'review.3': { status: 'open', assignee: 'u1', outcome: null } },
      data: { score: 91.5, tags: ['a', { b: [1, 2] }], empty: {} },
    };
    const copy = cloneJson(state);
    expect(copy).toEqual(state);
    copy.active.push('calibrate');
    copy.tasks['review.3'].status = 'done';
    (copy.data.tags[1] as { b: number[] }).b.push(3);
    expect(state.active).toEqual(['review']);
    expect(state.tasks['review.3'].status).toBe('open');
    expect(state.data.tags).toEqual(['a', { b: [1, 2] }]);
  });

  it('gives what a JSON round trip gives for plain data', () => {
    const value = {
      a: 1,
      b: undefined,
      c: [null, true, 'x', { d: undefined, e: 0 }],
      f: Object.create(null),
    };
    expect(cloneJson(value)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(Object.keys(cloneJson(value))).toEqual(['a', 'c', 'f']);
  });

  it('keeps an own __proto__ member as a member, not as the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const copy = cloneJson(value);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(copy)).toEqual(['__proto__', 'x']);
    expect(copy['__proto__']).toEqual({ polluted: true });
  });

  it('copies a Date as a Date', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const copy = cloneJson({ at });
    // structuredClone answers with a Date of Node's realm, not jest's: compare by tag.
    expect(Object.prototype.toString.call(copy.at)).toBe('[object Date]');
    expect(copy.at).not.toBe(at);
    expect(copy.at.getTime()).toBe(at.getTime());
  });
});
