import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditEntryEntity } from '@keyscore/persistence';
import { currentActor } from './actor-context';
import { auditHash, GENESIS_HASH, verifyChain, type ChainCheck } from './audit-hash.util';
import { AuditRepository, type AuditQuery } from './audit.repository';

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

const VERIFY_PAGE = 2000;

/** The append-only, hash-chained log of every change; appended in the same transaction as the change. */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  /** Appends entries for changes made in `manager`'s transaction, by the current actor. */
  async record(manager: EntityManager, changes: AuditChange[]): Promise<void> {
    if (!changes.length) return;
    const actor = currentActor();
    const head = await this.repository.lockAndReadHead(manager);
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const at = new Date().toISOString();
    const entries: AuditEntryEntity[] = changes.map((change) => {
      seq += 1;
      const content = {
        seq,
        at,
        actorType: actor.type,
        actorId: actor.id,
        action: change.action,
        entityType: change.entityType,
        entityId: change.entityId,
        before: change.before === undefined ? null : JSON.stringify(change.before),
        after: change.after === undefined ? null : JSON.stringify(change.after),
      };
      const hash = auditHash(prevHash, content);
      const entry = { ...content, prevHash, hash };
      prevHash = hash;
      return entry;
    });
    await this.repository.insert(manager, entries);
  }

  async list(query: AuditQuery) {
    const rows = await this.repository.list(query);
    return rows.map((row) => ({
      ...row,
      before: row.before === null ? null : (JSON.parse(row.before) as unknown),
      after: row.after === null ? null : (JSON.parse(row.after) as unknown),
    }));
  }

  /** Re-computes the whole chain page by page; reports the first entry that does not hold. */
  async verify(): Promise<ChainCheck> {
    let previous = { seq: 0, hash: GENESIS_HASH };
    for (;;) {
      const page = await this.repository.page(previous.seq, VERIFY_PAGE);
      if (!page.length) return { ok: true, checked: previous.seq };
      const check = verifyChain(page, previous);
      if (!check.ok) return check;
      const last = page[page.length - 1]!;
      previous = { seq: last.seq, hash: last.hash };
    }
  }
}
