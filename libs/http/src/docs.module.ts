import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OpenApiController, OpenApiRegistry } from './openapi.controller';

/** /api/docs (Swagger UI) and /api/docs-json (OpenAPI 3.1), built from the routes' JSON Schemas. */
@Module({ imports: [DiscoveryModule], controllers: [OpenApiController], providers: [OpenApiRegistry] })
export class DocsModule {}
