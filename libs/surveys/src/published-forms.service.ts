import { Injectable } from '@nestjs/common';
import { DocumentsService } from '@keyscore/documents';
import { compileForm, type CompiledForm, type FormDocument } from '@keyscore/forms';
import { NotFoundException } from '@keyscore/http';

export interface PublishedForm {
  key: string;
  version: number;
  form: CompiledForm;
  document: FormDocument;
}

const FORM = { en: 'Form', 'zh-CN': '表单' };
/** Published versions kept compiled in this process; a version never changes, so they never go stale. */
const CACHED_VERSIONS = 500;

/**
 * Published form versions, compiled once per process. A pinned version (every survey link has one) is
 * served from memory without touching the database; the latest version is looked up each time.
 */
@Injectable()
export class PublishedForms {
  private readonly cache = new Map<string, PublishedForm>();

  constructor(private readonly documents: DocumentsService) {}

  /** The pinned version, or the latest published one; 404 (at `pointer`) when there is none. */
  async get(key: string, version?: number, pointer = '/params/key'): Promise<PublishedForm> {
    const found = await this.find(key, version);
    if (!found) throw new NotFoundException(FORM, pointer);
    return found;
  }

  async find(key: string, version?: number): Promise<PublishedForm | null> {
    if (version !== undefined) {
      const hit = this.cache.get(`${key}@${version}`);
      if (hit) return hit;
    }
    const published = await this.documents.published('form', key, version);
    if (!published) return null;
    const cacheKey = `${key}@${published.version}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const form = compileForm(published.content as FormDocument, cacheKey);
    const entry = { key, version: published.version, form, document: form.document };
    if (this.cache.size >= CACHED_VERSIONS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, entry);
    return entry;
  }
}
