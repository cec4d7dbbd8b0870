import { Injectable } from '@nestjs/common';
import { DocumentsService } from '@keyscore/documents';
import { compileForm, type FormDocument } from '@keyscore/forms';
import { AppException, ValidationException } from '@keyscore/http';

export interface FormRef {
  key: string;
  version?: number;
}

/** The forms that form tasks fill, from the document store (pinned version, or the latest published). */
@Injectable()
export class TaskForms {
  constructor(private readonly documents: DocumentsService) {}

  async describe(ref: FormRef) {
    const { version, document } = await this.load(ref);
    return {
      key: ref.key,
      version,
      title: document.title,
      model: compileForm(document, `${ref.key}@${version}`).renderModel({ locale: 'en' }),
    };
  }

  /** The answers as the server keeps them (computed fields recomputed, hidden ones dropped), or 422. */
  async validate(ref: FormRef, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { version, document } = await this.load(ref);
    const result = compileForm(document, `${ref.key}@${version}`).process(data, { mode: 'final' });
    if (!result.ok)
      throw new ValidationException(result.errors.map((e) => ({ ...e, pointer: `/body/data${e.pointer}` })));
    return result.data;
  }

  private async load(ref: FormRef): Promise<{ version: number; document: FormDocument }> {
    const found = await this.documents.published('form', ref.key, ref.version);
    if (!found)
      throw new AppException(422, 'cycles.unknown_form', {
        en: `The form "${ref.key}" of this task is not published.`,
        'zh-CN': `该任务的表单“${ref.key}”尚未发布。`,
      });
    return { version: found.version, document: found.content as FormDocument };
  }
}
