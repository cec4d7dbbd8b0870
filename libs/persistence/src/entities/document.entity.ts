import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TimestampColumn, VersionColumn } from './columns';

export const DOCUMENT_STATUSES = ['draft', 'published', 'archived'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/**
 * A document an admin writes (KPI, scorecard template, …): its working draft and the number of its latest
 * published version. `version` guards concurrent edits (conditional updates).
 */
@Entity('documents')
@Index('uq_documents_kind_key', ['kind', 'key'], { unique: true })
export class DocumentEntity {
  @IdColumn() id!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'varchar', length: 16 }) status!: DocumentStatus;
  @Column({ name: 'draft_content', type: 'text', nullable: true }) draftContent!: string | null;
  @Column({ name: 'published_version', type: 'integer', nullable: true }) publishedVersion!: number | null;
  @TimestampColumn({ name: 'created_at' }) createdAt!: string;
  @TimestampColumn({ name: 'updated_at' }) updatedAt!: string;
  @VersionColumn() version!: number;
}
