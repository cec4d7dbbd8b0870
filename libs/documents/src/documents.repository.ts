import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DocumentEntity, DocumentVersionEntity, latestPublished } from '@keyscore/persistence';

/** Every query on documents and their versions. */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(kind: string, key: string) {
    return this.dataSource.getRepository(DocumentEntity).findOneBy({ kind, key });
  }

  list(kind: string) {
    return this.dataSource.getRepository(DocumentEntity).find({ where: { kind }, order: { key: 'ASC' } });
  }

  insert(manager: EntityManager, document: DocumentEntity) {
    return manager.insert(DocumentEntity, document);
  }

  /** Conditional on the revision the caller saw; false when someone else changed it first. */
  async update(
    manager: EntityManager,
    id: string,
    revision: number,
    changes: Partial<DocumentEntity>,
  ): Promise<boolean> {
    const result = await manager.update(
      DocumentEntity,
      { id, version: revision },
      { ...changes, version: revision + 1 },
    );
    return (result.affected ?? 0) === 1;
  }

  insertVersion(manager: EntityManager, version: DocumentVersionEntity) {
    return manager.insert(DocumentVersionEntity, version);
  }

  versions(documentId: string) {
    return this.dataSource
      .getRepository(DocumentVersionEntity)
      .find({ where: { documentId }, order: { version: 'ASC' } });
  }

  /** The latest published version of every document of these kinds that is not archived. */
  latestPublished(kinds: readonly string[]) {
    return latestPublished(this.dataSource, kinds);
  }

  version(documentId: string, version: number) {
    return this.dataSource.getRepository(DocumentVersionEntity).findOneBy({ documentId, version });
  }
}
