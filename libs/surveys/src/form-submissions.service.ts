import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@keyscore/audit';
import type { Principal } from '@keyscore/auth';
import { ValidationException } from '@keyscore/http';
import type { Locale } from '@keyscore/i18n';
import { nowIso, UnitOfWork } from '@keyscore/persistence';
import { FormSubmissionsRepository } from './form-submissions.repository';
import { PublishedForms } from './published-forms.service';
import { SurveysErrorCode, SurveysException } from './surveys.exception';

/** The user a signed-in principal acts as; API keys act as `key:<id>` (they cannot be given forms:submit). */
function actorId(principal: Principal): string {
  return principal.kind === 'user' ? principal.user.id : `key:${principal.key.id}`;
}

/**
 * Forms filled in by signed-in users: rendered from a published version, drafts saved per user and version
 * (draft-mode validation), final submissions validated on the server against the pinned version (computed
 * fields recomputed, hidden ones dropped) and stored with an audit entry, the draft removed with them.
 */
@Injectable()
export class FormSubmissionsService {
  constructor(
    private readonly forms: PublishedForms,
    private readonly repository: FormSubmissionsRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async render(key: string, version: number | undefined, locale: Locale) {
    const { form, document, version: pinned } = await this.forms.get(key, version);
    return {
      key,
      version: pinned,
      title: document.title[locale],
      model: form.renderModel({ locale }),
      html: () =>
        form.renderHtml({
          locale,
          action: `/api/forms/${key}/submissions?version=${pinned}`,
          draftButton: true,
        }),
    };
  }

  async draft(key: string, version: number | undefined, principal: Principal) {
    const { version: pinned } = await this.forms.get(key, version);
    const draft = await this.repository.draft(actorId(principal), key, pinned);
    if (!draft) throw new SurveysException(SurveysErrorCode.NoDraft, '', '/params/key');
    return { key, version: pinned, data: JSON.parse(draft.data) as unknown, updatedAt: draft.updatedAt };
  }

  async saveDraft(key: string, version: number | undefined, data: unknown, principal: Principal) {
    const { form, version: pinned } = await this.forms.get(key, version, '/body/version');
    const result = form.process(data, { mode: 'draft' });
    if (!result.ok) throw this.invalid(result.errors);
    const userId = actorId(principal);
    const updatedAt = nowIso();
    await this.unitOfWork.transaction((manager) =>
      this.repository.upsertDraft(manager, {
        id: randomUUID(),
        userId,
        formKey: key,
        formVersion: pinned,
        data: JSON.stringify(result.data),
        updatedAt,
        version: 1,
      }),
    );
    return { key, version: pinned, data: result.data, updatedAt };
  }

  async submit(key: string, version: number | undefined, data: unknown, principal: Principal) {
    const { form, version: pinned } = await this.forms.get(key, version, '/body/version');
    const result = form.process(data, { mode: 'final' });
    if (!result.ok) throw this.invalid(result.errors);
    const userId = actorId(principal);
    const submission = {
      id: randomUUID(),
      formKey: key,
      formVersion: pinned,
      userId,
      data: JSON.stringify(result.data),
      submittedAt: nowIso(),
    };
    await this.unitOfWork.transaction(async (manager) => {
      await this.repository.insertSubmission(manager, submission);
      await this.repository.deleteDraft(manager, userId, key, pinned);
      await this.audit.record(manager, [
        {
          action: 'form.submit',
          entityType: 'form_submission',
          entityId: submission.id,
          after: { form: `${key}@${pinned}` },
        },
      ]);
    });
    return {
      id: submission.id,
      key,
      version: pinned,
      data: result.data,
      submittedAt: submission.submittedAt,
    };
  }

  /** 422 with pointers into the request body (`/body/data/service_quality`). */
  private invalid(errors: { pointer: string; message: { 'zh-CN': string; en: string } }[]) {
    return new ValidationException(errors.map((e) => ({ ...e, pointer: `/body/data${e.pointer}` })));
  }
}
