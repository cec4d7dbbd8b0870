import { linkState, type LinkFacts } from './link-state.util';

const now = new Date('2026-07-01T12:00:00.000Z');
const link = (over: Partial<LinkFacts> = {}): LinkFacts => ({
  status: 'open',
  expiresAt: '2026-07-15T00:00:00.000Z',
  campaignStatus: 'running',
  ...over,
});

describe('linkState', () => {
  it.each<[string, LinkFacts | null, string]>([
    ['an open link of a running campaign', link(), 'open'],
    ['a link whose final answer is in', link({ status: 'submitted' }), 'submitted'],
    ['no such token', null, 'unknown'],
    ['expired a moment ago', link({ expiresAt: '2026-07-01T11:59:59.999Z' }), 'unknown'],
    ['expiring exactly now', link({ expiresAt: now.toISOString() }), 'unknown'],
    [
      'submitted, then expired',
      link({ status: 'submitted', expiresAt: '2026-06-30T00:00:00.000Z' }),
      'unknown',
    ],
    ['its campaign closed early', link({ campaignStatus: 'closed' }), 'unknown'],
    ['its campaign not launched', link({ campaignStatus: 'draft' }), 'unknown'],
    ['an unreadable expiry', link({ expiresAt: 'soon' }), 'unknown'],
  ])('%s → %s', (_name, facts, expected) => {
    expect(linkState(facts, now)).toBe(expected);
  });
});
