import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { discoverRoutes } from '@keyscore/http';
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
    const undeclared = discoverRoutes(this.discovery, this.scanner)
      .filter(
        ({ controller, handler }) =>
          Reflect.getMetadata(PERMISSION_METADATA, controller) === undefined &&
          Reflect.getMetadata(PERMISSION_METADATA, handler) === undefined,
      )
      .map(({ owner, method, path }) => `${owner} (${method} ${path})`);
    if (undeclared.length) {
      throw new Error(
        `Every route must declare @RequirePermission or @Public; these do not: ${undeclared.join(', ')}`,
      );
    }
  }
}
