import { Injectable } from '@nestjs/common';
import { DocumentsService } from '@keyscore/documents';
import type { WorkflowDefinition } from '@keyscore/workflow';
import { CyclesErrorCode, CyclesException } from './cycles.exception';

/**
 * Published workflow versions from the document store. A version never changes once published, so each
 * is read once per process and kept.
 */
@Injectable()
export class WorkflowDefinitions {
  private readonly cache = new Map<string, Promise<WorkflowDefinition>>();

  constructor(private readonly documents: DocumentsService) {}

  /** The latest published version of a workflow (what a new cycle pins). */
  async latest(
    key: string,
    pointer = '/body/workflow',
  ): Promise<{ version: number; definition: WorkflowDefinition }> {
    const found = await this.documents.published('workflow', key);
    if (!found) throw new CyclesException(CyclesErrorCode.UnknownWorkflow, key, pointer);
    return { version: found.version, definition: found.content as WorkflowDefinition };
  }

  get(key: string, version: number): Promise<WorkflowDefinition> {
    const id = `${key}@${version}`;
    let definition = this.cache.get(id);
    if (!definition) {
      definition = this.documents.published('workflow', key, version).then((found) => {
        if (!found) throw new CyclesException(CyclesErrorCode.UnknownWorkflow, id);
        return found.content as WorkflowDefinition;
      });
      definition.catch(() => this.cache.delete(id));
      this.cache.set(id, definition);
    }
    return definition;
  }
}
