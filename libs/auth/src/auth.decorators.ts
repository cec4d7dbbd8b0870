import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { PERMISSION_METADATA } from '@keyscore/http';
import type { Permission } from './permission.constant';
import type { Principal } from './principal';

export { Public, PERMISSION_METADATA, PUBLIC } from '@keyscore/http';

/** The permission a route requires; the guard denies routes that declare nothing. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_METADATA, permission);

/** The authenticated caller, set by the guard. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
