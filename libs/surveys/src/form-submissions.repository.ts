import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { bulkInsert, FormDraftEntity, FormSubmissionEntity } from '@keyscore/persistence';

/** Every query on signed-in users' form drafts and submissions. */
@Injectable()
export class FormSubmissionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  draft(userId: string, formKey: string, formVersion: number) {
    return this.dataSource.getRepository(FormDraftEntity).findOneBy({ userId, formKey, formVersion });
  }

  /** One draft per user and form version: inserted, or replaced in place. */
  upsertDraft(manager: EntityManager, draft: FormDraftEntity) {
    return bulkInsert(
      manager,
      'form_drafts',
      ['id', 'user_id', 'form_key', 'form_version', 'data', 'updated_at', 'version'],
      [
        [
          draft.id,
          draft.userId,
          draft.formKey,
          draft.formVersion,
          draft.data,
          draft.updatedAt,
          draft.version,
        ],
      ],
      { onConflict: { columns: ['user_id', 'form_key', 'form_version'], update: ['data', 'updated_at'] } },
    );
  }

  deleteDraft(manager: EntityManager, userId: string, formKey: string, formVersion: number) {
    return manager.delete(FormDraftEntity, { userId, formKey, formVersion });
  }

  insertSubmission(manager: EntityManager, submission: FormSubmissionEntity) {
    return manager.insert(FormSubmissionEntity, submission);
  }
}
