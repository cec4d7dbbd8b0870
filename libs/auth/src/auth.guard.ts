import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { setCurrentActor } from '@keyscore/audit';
import { AUTHENTICATED } from '@keyscore/http';
import { PERMISSION_METADATA, PUBLIC } from './auth.decorators';
import { AuthErrorCode, AuthException } from './auth.exception';
import { AuthService } from './auth.service';
import type { Permission } from './permission.constant';
import type { Principal } from './principal';

export const SESSION_COOKIE = 'ks_session';
export const CSRF_HEADER = 'x-keyscore-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads one cookie without a parser dependency. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Deny by default: a route must declare @RequirePermission or @Public. Callers authenticate with a bearer
 * token (session or API key) or the page session cookie; cookie-authenticated changes also need the CSRF
 * header, which a cross-site form cannot send.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<
      Permission | typeof PUBLIC | typeof AUTHENTICATED | undefined
    >(PERMISSION_METADATA, [context.getHandler(), context.getClass()]);
    if (required === PUBLIC) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.identify(request);
    if (!principal) throw new AuthException(AuthErrorCode.Unauthenticated);
    if (
      principal.kind === 'user' &&
      principal.via === 'cookie' &&
      !SAFE_METHODS.has(request.method) &&
      !request.headers[CSRF_HEADER]
    ) {
      throw new AuthException(AuthErrorCode.CsrfHeaderMissing);
    }
    request.principal = principal;
    setCurrentActor(
      principal.kind === 'user'
        ? { type: 'user', id: principal.user.id }
        : { type: 'api_key', id: principal.key.id },
    );
    // A route without a declaration is refused even to admins: nothing is reachable by accident.
    if (required === AUTHENTICATED) return true;
    if (!required || !principal.permissions.has(required)) {
      throw new AuthException(AuthErrorCode.Forbidden, { permission: required ?? 'undeclared' });
    }
    return true;
  }

  private identify(request: Request): Promise<Principal | null> {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) return this.auth.authenticate(header.slice(7).trim(), 'bearer');
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    return cookie ? this.auth.authenticate(cookie, 'cookie') : Promise.resolve(null);
  }
}
