import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** One HTTP route of a controller, found at boot. */
export interface DiscoveredRoute {
  /** The controller class (for class-level metadata). */
  controller: object;
  /** `Controller.method`, for messages. */
  owner: string;
  /** The handler function (for method-level metadata). */
  handler: object;
  method: string;
  /** Full path, e.g. `/api/accounts/:id`. */
  path: string;
}

/** Every route of every controller: what the OpenAPI document and the permission check both walk. */
export function discoverRoutes(discovery: DiscoveryService, scanner: MetadataScanner): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance) continue;
    const controller = wrapper.metatype as object;
    const base = normalize((Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const handler = instance[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = normalize((Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) ?? '');
      routes.push({
        controller,
        owner: `${instance.constructor.name}.${name}`,
        handler,
        method: RequestMethod[method],
        path: `${base}${sub}` || '/',
      });
    }
  }
  return routes;
}

function normalize(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}
