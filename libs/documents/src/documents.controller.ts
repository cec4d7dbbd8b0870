import { Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody, ValidQuery } from '@keyscore/http';
import { pickLocale } from '@keyscore/i18n';
import { DocumentsService } from './documents.service';
import {
  createDocumentSchema,
  diffQuerySchema,
  saveDraftSchema,
  type CreateDocument,
  type DiffQuery,
  type SaveDraft,
} from './documents.schemas';

@Controller('api/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @RequirePermission(Permission.DocumentsRead)
  @ApiOperation({
    summary: 'Document kinds and their JSON Schemas / 文档类型及其 JSON Schema',
    tags: ['documents'],
  })
  kinds() {
    return this.documents.kinds();
  }

  @Get(':kind')
  @RequirePermission(Permission.DocumentsRead)
  @ApiOperation({ summary: 'Documents of a kind / 文档列表', tags: ['documents'] })
  list(@Param('kind') kind: string) {
    return this.documents.list(kind);
  }

  @Post(':kind')
  @HttpCode(201)
  @RequirePermission(Permission.DocumentsWrite)
  @ApiOperation({ summary: 'Create a document as a draft / 新建文档草稿', tags: ['documents'] })
  create(@Param('kind') kind: string, @ValidBody(createDocumentSchema) body: CreateDocument) {
    return this.documents.create(kind, body.key, body.content as Record<string, unknown>);
  }

  @Get(':kind/:key')
  @RequirePermission(Permission.DocumentsRead)
  @ApiOperation({
    summary: 'A document: draft, its problems, latest version / 文档详情',
    tags: ['documents'],
  })
  get(@Param('kind') kind: string, @Param('key') key: string) {
    return this.documents.get(kind, key);
  }

  @Put(':kind/:key/draft')
  @RequirePermission(Permission.DocumentsWrite)
  @ApiOperation({ summary: 'Save the draft (409 when someone saved first) / 保存草稿', tags: ['documents'] })
  saveDraft(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @ValidBody(saveDraftSchema) body: SaveDraft,
  ) {
    return this.documents.saveDraft(kind, key, body.content as Record<string, unknown>, body.revision);
  }

  @Post(':kind/:key/validate')
  @HttpCode(200)
  @RequirePermission(Permission.DocumentsRead)
  @ApiOperation({ summary: 'Validate the draft / 校验草稿', tags: ['documents'] })
  async validate(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ) {
    const locale = pickLocale(lang, acceptLanguage);
    const document = await this.documents.get(kind, key);
    const errors = document.draftErrors.map((e) => ({ pointer: e.pointer, message: e.message[locale] }));
    return { valid: document.draft !== null && errors.length === 0, errors };
  }

  @Post(':kind/:key/publish')
  @HttpCode(201)
  @RequirePermission(Permission.DocumentsWrite)
  @ApiOperation({
    summary: 'Publish the draft as an immutable version / 发布为不可变版本',
    tags: ['documents'],
  })
  publish(@Param('kind') kind: string, @Param('key') key: string, @CurrentPrincipal() principal: Principal) {
    return this.documents.publish(
      kind,
      key,
      principal.kind === 'user' ? principal.user.id : principal.key.id,
    );
  }

  @Post(':kind/:key/archive')
  @HttpCode(200)
  @RequirePermission(Permission.DocumentsWrite)
  @ApiOperation({ summary: 'Archive / 归档', tags: ['documents'] })
  archive(@Param('kind') kind: string, @Param('key') key: string) {
    return this.documents.archive(kind, key);
  }

  @Get(':kind/:key/versions')
  @RequirePermission(Permission.DocumentsRead)
  @ApiOperation({ summary: 'Published versions / 已发布版本', tags: ['documents'] })
  versions(@Param('kind') kind: string, @Param('key') key: string) {
    return this.documents.versions(kind, key);
  }

  @Get(':kind/:key/versions/:version')
  @RequirePermission(Permission.DocumentsRead)
  @ApiOperation({ summary: 'One published version / 指定版本', tags: ['documents'] })
  version(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @Param('version', ParseIntPipe) version: number,
  ) {
    return this.documents.version(kind, key, version);
  }

  @Get(':kind/:key/diff')
  @RequirePermission(Permission.DocumentsRead)
  @ApiOperation({ summary: 'What changed between two versions / 版本差异', tags: ['documents'] })
  diff(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @ValidQuery(diffQuerySchema) query: DiffQuery,
  ) {
    return this.documents.diff(kind, key, query.from, query.to);
  }
}
