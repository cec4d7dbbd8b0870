import { join } from 'node:path';
import { Controller, Get, Header, Injectable, Param, Res, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Response } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { Public } from './public.decorator';
import { API_OPERATION_METADATA, type ApiOperationOptions } from './api-operation.decorator';
import { NotFoundException } from './app.exception';
import { buildOpenApi, type RouteDoc } from './build-openapi.util';
import { discoverRoutes } from './discover-routes.util';
import { BODY_SCHEMA_METADATA, QUERY_SCHEMA_METADATA } from './schema-validation.pipe';

/** Collects every documented route at boot and holds the OpenAPI document. */
@Injectable()
export class OpenApiRegistry implements OnApplicationBootstrap {
  document: ReturnType<typeof buildOpenApi> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const routes: RouteDoc[] = discoverRoutes(this.discovery, this.scanner).flatMap(
      ({ handler, method, path }) => {
        const operation = Reflect.getMetadata(API_OPERATION_METADATA, handler) as
          ApiOperationOptions | undefined;
        if (!operation) return [];
        return [
          {
            method,
            path,
            operation,
            body: Reflect.getMetadata(BODY_SCHEMA_METADATA, handler) as object | undefined,
            query: Reflect.getMetadata(QUERY_SCHEMA_METADATA, handler) as RouteDoc['query'],
          },
        ];
      },
    );
    this.document = buildOpenApi(routes, {
      title: 'Keyscore API',
      version: '0.1.0',
      description:
        'Key-account performance appraisal (大客户管理与绩效考核). Errors answer in the language of Accept-Language or ?lang=zh-CN|en.',
    });
  }
}

/** The only files of swagger-ui-dist the docs page needs. */
const SWAGGER_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Keyscore API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/api/docs-json', dom_id: '#swagger-ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });`;

@Controller('api')
export class OpenApiController {
  constructor(private readonly registry: OpenApiRegistry) {}

  @Get('docs-json')
  @Public()
  json() {
    return this.registry.document;
  }

  @Get('docs')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page() {
    return DOCS_PAGE;
  }

  @Get('docs/init.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  init() {
    return DOCS_INIT;
  }

  @Get('docs/assets/:file')
  @Public()
  asset(@Param('file') file: string, @Res() response: Response) {
    const type = Object.prototype.hasOwnProperty.call(SWAGGER_ASSETS, file)
      ? SWAGGER_ASSETS[file]
      : undefined;
    if (!type) throw new NotFoundException({ en: 'File', 'zh-CN': '文件' }, '/params/file');
    response.type(type).sendFile(join(getAbsoluteFSPath(), file));
  }
}
