import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  at: string;
  actorType: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: string | null;
  after: string | null;
}

/** SHA-256 over the previous hash and the entry's fields in a fixed order: editing any field breaks it. */
export function auditHash(prevHash: string, entry: AuditContent): string {
  const canonical = JSON.stringify([
    entry.seq,
    entry.at,
    entry.actorType,
    entry.actorId,
    entry.action,
    entry.entityType,
    entry.entityId,
    entry.before,
    entry.after,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export interface ChainEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  /** The first entry whose hash or link does not hold. */
  brokenAt?: number;
  reason?: 'hash_mismatch' | 'broken_link' | 'gap';
}

/** Walks entries in order and reports the first that does not hold; `previous` continues a paged walk. */
export function verifyChain(
  entries: readonly ChainEntry[],
  previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainCheck {
  let { seq, hash } = previous;
  for (const entry of entries) {
    if (entry.seq !== seq + 1) return { ok: false, checked: seq, brokenAt: entry.seq, reason: 'gap' };
    if (entry.prevHash !== hash)
      return { ok: false, checked: seq, brokenAt: entry.seq, reason: 'broken_link' };
    if (auditHash(entry.prevHash, entry) !== entry.hash)
      return { ok: false, checked: seq, brokenAt: entry.seq, reason: 'hash_mismatch' };
    seq = entry.seq;
    hash = entry.hash;
  }
  return { ok: true, checked: seq };
}
