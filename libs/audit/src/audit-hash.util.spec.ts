import { auditHash, GENESIS_HASH, verifyChain, type ChainEntry } from './audit-hash.util';

function chain(n: number): ChainEntry[] {
  const entries: ChainEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      seq,
      at: `2026-11-27T00:00:0${seq}.000Z`,
      actorType: 'user',
      actorId: 'u1',
      action: 'create',
      entityType: 'account',
      entityId: `a${seq}`,
      before: null,
      after: JSON.stringify({ code: `A${seq}` }),
    };
    const hash = auditHash(prevHash, content);
    entries.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('audit chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, checked: 5 });
  });

  it.each([
    [
      'an edited field',
      (c: ChainEntry[]): void => {
        c[2]!.after = '{"code":"EVIL"}';
      },
      3,
      'hash_mismatch',
    ],
    [
      'an edited actor',
      (c: ChainEntry[]): void => {
        c[1]!.actorId = 'u2';
      },
      2,
      'hash_mismatch',
    ],
    [
      'a deleted row',
      (c: ChainEntry[]): void => {
        c.splice(2, 1);
      },
      4,
      'gap',
    ],
    [
      'a re-hashed edited row',
      (c: ChainEntry[]): void => {
        c[2]!.after = '{}';
        c[2]!.hash = auditHash(c[2]!.prevHash, c[2]!);
      },
      4,
      'broken_link',
    ],
  ] as const)('flags %s', (_name, tamper, brokenAt, reason) => {
    const entries = chain(5);
    tamper(entries);
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt, reason });
  });
});
