import { errorResponseSchema } from './error-response.schema';
import type { ApiOperationOptions } from './api-operation.decorator';

export interface RouteDoc {
  method: string;
  path: string;
  operation?: ApiOperationOptions;
  body?: object;
  query?: { properties?: Record<string, object>; required?: readonly string[] };
}

/**
 * OpenAPI 3.1 from the routes and the same JSON Schemas that validate them (OpenAPI 3.1 speaks JSON
 * Schema 2020-12, so the schemas go in as they are). Pure: the Nest side collects the routes.
 */
export function buildOpenApi(
  routes: RouteDoc[],
  info: { title: string; version: string; description: string },
) {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = Object.entries(route.query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: route.query?.required?.includes(name) ?? false,
      schema,
    }));
    const responses: Record<string, object> = {};
    for (const [status, response] of Object.entries(
      route.operation?.responses ?? { 200: { description: 'OK' } },
    )) {
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { 'application/json': { schema: response.schema } } } : {}),
      };
    }
    responses.default = {
      description: 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.operation?.summary,
      tags: route.operation?.tags,
      parameters: [...params, ...query],
      ...(route.body
        ? {
            requestBody: { required: true, content: { 'application/json': { schema: stripId(route.body) } } },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: { schemas: { Error: stripId(errorResponseSchema) } },
  };
}

/** `$id`s are for ajv's cache; inside an OpenAPI document they would re-base relative references. */
function stripId(schema: object): object {
  const { $id: _id, ...rest } = schema as { $id?: string };
  return rest;
}
