import type { DataSource } from 'typeorm';
import { DocumentEntity } from './entities/document.entity';
import { DocumentVersionEntity } from './entities/document-version.entity';

/** A document's latest published version as stored: content as canonical JSON text. */
export interface LatestPublished {
  readonly kind: string;
  readonly key: string;
  readonly version: number;
  readonly content: string;
}

/**
 * The latest published version of every document of these kinds that is not archived, by kind then key.
 * What the document store checks new versions against and what scoring offers as its library.
 */
export function latestPublished(
  dataSource: DataSource,
  kinds: readonly string[],
): Promise<LatestPublished[]> {
  return dataSource
    .getRepository(DocumentEntity)
    .createQueryBuilder('d')
    .innerJoin(DocumentVersionEntity, 'v', 'v.document_id = d.id AND v.version = d.published_version')
    .select('d.kind', 'kind')
    .addSelect('d.key', 'key')
    .addSelect('v.version', 'version')
    .addSelect('v.content', 'content')
    .where('d.kind IN (:...kinds)', { kinds })
    .andWhere("d.status <> 'archived'")
    .orderBy('d.kind', 'ASC')
    .addOrderBy('d.key', 'ASC')
    .getRawMany<{ kind: string; key: string; version: number | string; content: string }>()
    .then((rows) => rows.map((r) => ({ ...r, version: Number(r.version) })));
}
