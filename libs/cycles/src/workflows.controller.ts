import { Controller, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { Permission, RequirePermission } from '@keyscore/auth';
import { DocumentsService } from '@keyscore/documents';
import { ApiOperation, ValidBody } from '@keyscore/http';
import { pickLocale } from '@keyscore/i18n';
import { layoutWorkflow } from '@keyscore/workflow';
import { workflowLayoutSchema, type WorkflowLayoutBody } from './workflow-layout.schemas';

/** What the workflow designer draws: the diagram of a (draft) document and its problems. */
@Controller('api/workflows')
export class WorkflowsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('layout')
  @HttpCode(200)
  @RequirePermission(Permission.DocumentsRead)
  @ApiOperation({
    summary:
      "A workflow's diagram (steps placed in layers from the start, arrows with their waypoints) and the draft's problems by pointer / 流程图布局（按距起点的层次排列）及草稿问题",
    tags: ['workflows'],
  })
  layout(
    @ValidBody(workflowLayoutSchema) body: WorkflowLayoutBody,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ) {
    const locale = pickLocale(lang, acceptLanguage);
    const errors = this.documents
      .validate('workflow', body.document)
      .map((e) => ({ pointer: e.pointer, message: e.message[locale] }));
    return { ...layoutWorkflow(body.document), errors };
  }
}
