import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';
import { DocumentEntity } from './document.entity';

/** A published version: immutable; whatever uses the document pins (document, version). */
@Entity('document_versions')
export class DocumentVersionEntity {
  @PrimaryColumn({ name: 'document_id', type: 'varchar', length: 36 })
  @ForeignKey(() => DocumentEntity)
  documentId!: string;

  @PrimaryColumn({ type: 'integer' }) version!: number;
  @Column({ type: 'text' }) content!: string;
  /** SHA-256 of the canonical JSON of the content. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 }) contentHash!: string;
  @Column({ name: 'published_by', type: 'varchar', length: 64, nullable: true }) publishedBy!: string | null;
  @TimestampColumn({ name: 'published_at' }) publishedAt!: string;
  /**
   * JSON: the published versions of other documents this version was checked against and always uses
   * (`[{ kind, key, version }]`), or null when it uses none.
   */
  @Column({ type: 'text', nullable: true }) pins!: string | null;
}
