import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { AuditService } from '@keyscore/audit';
import { ajv, NotFoundException } from '@keyscore/http';
import { localizeAjvErrors, type FieldError } from '@keyscore/i18n';
import type { DefinitionPin } from '@keyscore/scoring';
import { isUniqueViolation, nowIso, UnitOfWork, type DocumentEntity } from '@keyscore/persistence';
import { canonicalJson, contentHash } from './canonical-json.util';
import { diffDocuments } from './diff-documents.util';
import { DOCUMENT_KINDS, type DocumentKind, type PublishedLibrary } from './document-kinds';
import { DocumentsErrorCode, DocumentsException } from './documents.exception';
import { DocumentsRepository } from './documents.repository';

const DOCUMENT = { en: 'Document', 'zh-CN': '文档' };
const VERSION = { en: 'Version', 'zh-CN': '版本' };
const validators = new Map<string, ValidateFunction>();
const NOTHING_PUBLISHED: PublishedLibrary = new Map();

/** A version's pins as stored (JSON, or null for none). */
const parsePins = (pins: string | null): DefinitionPin[] =>
  pins ? (JSON.parse(pins) as DefinitionPin[]) : [];

/**
 * The document store: drafts that may be incomplete, validation with pointers in both languages, and
 * publication as an immutable version with a content hash. Editing after publishing works on a new draft.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly repository: DocumentsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  kinds() {
    return Object.values(DOCUMENT_KINDS).map((k) => ({ kind: k.kind, schema: k.schema }));
  }

  /**
   * Schema errors first (pointers into the content); meaning checks only once the schema holds, against
   * `published` (the latest published documents of the kinds the kind reads; see `publishedFor`).
   */
  validate(
    kindName: string,
    content: unknown,
    root = '',
    published: PublishedLibrary = NOTHING_PUBLISHED,
  ): FieldError[] {
    const kind = this.kind(kindName);
    let validate = validators.get(kind.kind);
    if (!validate) {
      validate = ajv.compile(kind.schema);
      validators.set(kind.kind, validate);
    }
    if (!validate(content)) return localizeAjvErrors(validate.errors, root);
    return (kind.check?.(content, published) ?? []).map((e) => ({ ...e, pointer: root + e.pointer }));
  }

  /** The latest published (not archived) documents of the kinds a kind's check reads; none for most. */
  async publishedFor(kindName: string): Promise<PublishedLibrary> {
    const kind = this.kind(kindName);
    if (!kind.reads?.length) return NOTHING_PUBLISHED;
    const library = new Map<string, { key: string; version: number; content: unknown }[]>(
      kind.reads.map((k) => [k, []]),
    );
    for (const row of await this.repository.latestPublished(kind.reads))
      library.get(row.kind)!.push({ key: row.key, version: row.version, content: JSON.parse(row.content) });
    return library;
  }

  async create(kindName: string, key: string, content: Record<string, unknown>) {
    this.assertSafeSchema(this.kind(kindName), content, '/body/content');
    this.assertKey(key, content, '/body/content/key');
    const now = nowIso();
    const document: DocumentEntity = {
      id: randomUUID(),
      kind: kindName,
      key,
      status: 'draft',
      draftContent: canonicalJson(content),
      publishedVersion: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.unitOfWork
      .transaction(async (manager) => {
        await this.repository.insert(manager, document);
        await this.audit.record(manager, [
          { action: 'document.create', entityType: kindName, entityId: key, after: content },
        ]);
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error)
          ? new DocumentsException(DocumentsErrorCode.DuplicateKey, key, [], '/body/key')
          : error;
      });
    return this.view(document, await this.publishedFor(kindName));
  }

  async get(kindName: string, key: string) {
    const document = await this.load(kindName, key);
    return this.view(document, await this.publishedFor(kindName));
  }

  async list(kindName: string) {
    const published = await this.publishedFor(kindName);
    return (await this.repository.list(kindName)).map((d) => this.view(d, published));
  }

  /** Saves the draft if nobody changed the document since `revision`; a published document gets a new draft. */
  async saveDraft(kindName: string, key: string, content: Record<string, unknown>, revision: number) {
    const document = await this.load(kindName, key);
    if (document.status === 'archived') throw new DocumentsException(DocumentsErrorCode.Archived);
    this.assertSafeSchema(this.kind(kindName), content, '/body/content');
    this.assertKey(key, content, '/body/content/key');
    const before = document.draftContent;
    const changes = { draftContent: canonicalJson(content), updatedAt: nowIso() };
    await this.unitOfWork.transaction(async (manager) => {
      if (!(await this.repository.update(manager, document.id, revision, changes))) {
        throw new DocumentsException(DocumentsErrorCode.StaleDraft, document.version, [], '/body/revision');
      }
      await this.audit.record(manager, [
        {
          action: 'document.save_draft',
          entityType: kindName,
          entityId: key,
          before: before ? JSON.parse(before) : null,
          after: content,
        },
      ]);
    });
    return this.get(kindName, key);
  }

  /** Validates the draft and publishes it as the next immutable version. */
  async publish(kindName: string, key: string, publishedBy: string | null) {
    const document = await this.load(kindName, key);
    if (document.status === 'archived') throw new DocumentsException(DocumentsErrorCode.Archived);
    if (!document.draftContent) throw new DocumentsException(DocumentsErrorCode.NothingToPublish);
    const content = JSON.parse(document.draftContent) as unknown;
    this.assertSafeSchema(this.kind(kindName), content, '/draft');
    const published = await this.publishedFor(kindName);
    const errors = this.validate(kindName, content, '/draft', published);
    if (errors.length) throw new DocumentsException(DocumentsErrorCode.Invalid, '', errors);
    const pins = this.kind(kindName).pins?.(content, published) ?? [];
    const version = (document.publishedVersion ?? 0) + 1;
    const hash = contentHash(content);
    await this.unitOfWork.transaction(async (manager) => {
      const published = {
        status: 'published' as const,
        draftContent: null,
        publishedVersion: version,
        updatedAt: nowIso(),
      };
      if (!(await this.repository.update(manager, document.id, document.version, published))) {
        throw new DocumentsException(DocumentsErrorCode.StaleDraft, document.version);
      }
      await this.repository.insertVersion(manager, {
        documentId: document.id,
        version,
        content: canonicalJson(content),
        contentHash: hash,
        publishedBy,
        publishedAt: nowIso(),
        pins: pins.length ? JSON.stringify(pins) : null,
      });
      await this.audit.record(manager, [
        {
          action: 'document.publish',
          entityType: kindName,
          entityId: key,
          after: { version, contentHash: hash, ...(pins.length ? { pins } : {}) },
        },
      ]);
    });
    return { key, version, contentHash: hash, pins };
  }

  async archive(kindName: string, key: string) {
    const document = await this.load(kindName, key);
    await this.unitOfWork.transaction(async (manager) => {
      if (
        !(await this.repository.update(manager, document.id, document.version, {
          status: 'archived',
          updatedAt: nowIso(),
        }))
      ) {
        throw new DocumentsException(DocumentsErrorCode.StaleDraft, document.version);
      }
      await this.audit.record(manager, [{ action: 'document.archive', entityType: kindName, entityId: key }]);
    });
    return this.get(kindName, key);
  }

  async versions(kindName: string, key: string) {
    const document = await this.load(kindName, key);
    return (await this.repository.versions(document.id)).map(({ content: _c, pins, ...meta }) => ({
      ...meta,
      pins: parsePins(pins),
    }));
  }

  async version(kindName: string, key: string, version: number) {
    const document = await this.load(kindName, key);
    const found = await this.repository.version(document.id, version);
    if (!found) throw new NotFoundException(VERSION, '/params/version');
    return { ...found, content: JSON.parse(found.content) as unknown, pins: parsePins(found.pins) };
  }

  /**
   * The content of a published version: the given one, or the latest. What a cycle, a campaign or an
   * instance pins; null when the document or the version does not exist.
   */
  async published(
    kindName: string,
    key: string,
    version?: number,
  ): Promise<{ key: string; version: number; content: unknown } | null> {
    this.kind(kindName);
    const document = await this.repository.find(kindName, key);
    const wanted = version ?? document?.publishedVersion;
    if (!document || !wanted) return null;
    const found = await this.repository.version(document.id, wanted);
    return found ? { key, version: found.version, content: JSON.parse(found.content) as unknown } : null;
  }

  /**
   * Makes sure a built-in document exists and is published (at start): creates and publishes it when the
   * store has no document of that key, and leaves an existing one (an admin may have edited it) alone.
   */
  async ensureBuiltin(kindName: string, key: string, content: Record<string, unknown>): Promise<void> {
    const existing = await this.repository.find(kindName, key);
    if (existing) return;
    await this.create(kindName, key, content);
    await this.publish(kindName, key, 'system');
  }

  async diff(kindName: string, key: string, from: number, to: number) {
    const [a, b] = await Promise.all([this.version(kindName, key, from), this.version(kindName, key, to)]);
    return { from, to, changes: diffDocuments(a.content, b.content) };
  }

  private kind(kindName: string): DocumentKind {
    const kind = Object.prototype.hasOwnProperty.call(DOCUMENT_KINDS, kindName)
      ? DOCUMENT_KINDS[kindName]
      : undefined;
    if (!kind) throw new DocumentsException(DocumentsErrorCode.UnknownKind, kindName, [], '/params/kind');
    return kind;
  }

  private async load(kindName: string, key: string): Promise<DocumentEntity> {
    this.kind(kindName);
    const document = await this.repository.find(kindName, key);
    if (!document) throw new NotFoundException(DOCUMENT, '/params/key');
    return document;
  }

  /** An embedded schema that fails the restricted meta-schema is refused with 400, before anything is stored. */
  private assertSafeSchema(kind: DocumentKind, content: unknown, root: string) {
    const errors = kind.embeddedSchemaCheck?.(content) ?? [];
    if (errors.length)
      throw new DocumentsException(
        DocumentsErrorCode.UnsafeSchema,
        '',
        errors.map((e) => ({ ...e, pointer: root + e.pointer })),
      );
  }

  /** A document's own `key` field, when it has one, must be its key in the store. */
  private assertKey(key: string, content: Record<string, unknown>, pointer: string) {
    if ('key' in content && content.key !== key)
      throw new DocumentsException(DocumentsErrorCode.KeyMismatch, key, [], pointer);
  }

  private view(document: DocumentEntity, published: PublishedLibrary) {
    const draft = document.draftContent ? (JSON.parse(document.draftContent) as unknown) : null;
    return {
      kind: document.kind,
      key: document.key,
      status: document.status,
      revision: document.version,
      publishedVersion: document.publishedVersion,
      draft,
      draftErrors: draft === null ? [] : this.validate(document.kind, draft, '/draft', published),
      updatedAt: document.updatedAt,
    };
  }
}
