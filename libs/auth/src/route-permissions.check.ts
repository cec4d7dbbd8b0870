import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PERMISSION_METADATA } from './auth.decorators';

/** Boot fails when a route declares neither a permission nor @Public, naming the routes. */
@Injectable()
export class RoutePermissionsCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance) continue;
      const onClass = Reflect.getMetadata(PERMISSION_METADATA, wrapper.metatype as object) as unknown;
      for (const name of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
        const handler = instance[name] as object;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        if (!onClass && Reflect.getMetadata(PERMISSION_METADATA, handler) === undefined) {
          undeclared.push(
            `${instance.constructor.name}.${name} (${String(Reflect.getMetadata(PATH_METADATA, handler))})`,
          );
        }
      }
    }
    if (undeclared.length) {
      throw new Error(
        `Every route must declare @RequirePermission or @Public; these do not: ${undeclared.join(', ')}`,
      );
    }
  }
}
