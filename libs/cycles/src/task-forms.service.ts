import { Injectable } from '@nestjs/common';
import { DocumentsService } from '@keyscore/documents';
import { compileForm, type FormDocument, type FormPostBody } from '@keyscore/forms';
import { AppException, ValidationException } from '@keyscore/http';
import type { Locale } from '@keyscore/i18n';

export interface FormRef {
  key: string;
  version?: number;
}

/** The forms that form tasks fill, from the document store (pinned version, or the latest published). */
@Injectable()
export class TaskForms {
  constructor(private readonly documents: DocumentsService) {}

  /** The form in the caller's language: the render model, and the engine's accessible HTML form for pages. */
  async describe(ref: FormRef, locale: Locale) {
    const { version, document } = await this.load(ref);
    const form = compileForm(document, `${ref.key}@${version}`);
    return {
      key: ref.key,
      version,
      title: document.title,
      model: form.renderModel({ locale }),
      html: form.renderHtml({ locale, action: '' }),
    };
  }

  /**
   * The answers as the server keeps them (computed fields recomputed, hidden ones dropped), or 422. Answers
   * come typed (`data`) or as an HTML form posts them (`fields`, typed here by the form's schema).
   */
  async validate(
    ref: FormRef,
    answers: { data?: Record<string, unknown>; fields?: FormPostBody },
  ): Promise<Record<string, unknown>> {
    const { version, document } = await this.load(ref);
    const form = compileForm(document, `${ref.key}@${version}`);
    const data = answers.fields ? form.parseFormPost(answers.fields) : (answers.data ?? {});
    const result = form.process(data, { mode: 'final' });
    if (!result.ok)
      throw new ValidationException(
        result.errors.map((e) => ({
          ...e,
          pointer: `/body/${answers.fields ? 'fields' : 'data'}${e.pointer}`,
        })),
      );
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
