import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Routes that take a file (CSV or XLSX) instead of JSON: @keyscore/imports parses their body and answers
 * 415 for any other type, so they are the only ones let through here.
 */
export const FILE_UPLOAD_ROUTES: ReadonlySet<string> = new Set([
  '/api/imports/metric-values',
  '/api/imports/metric-values/preview',
]);

/**
 * Routes that take an HTML form post (application/x-www-form-urlencoded) instead of JSON: the public survey
 * page `/s/<token>`, whose body @keyscore/surveys parses (answering 415 for any other type).
 */
export const FORM_POST_ROUTES: readonly RegExp[] = [/^\/s\/[^/]+$/];

function isFileUpload(request: Request): boolean {
  const path = (request.originalUrl ?? request.url).split('?')[0]!.replace(/\/+$/, '');
  return FILE_UPLOAD_ROUTES.has(path) || FORM_POST_ROUTES.some((route) => route.test(path));
}

/** A body that is not JSON would reach validation as `{}`; answer 415 instead, before anything runs. */
export function requireJson(request: Request, _response: Response, next: NextFunction): void {
  const length = Number(request.headers['content-length'] ?? 0);
  const chunked = request.headers['transfer-encoding'] !== undefined;
  if (
    WITH_BODY.has(request.method) &&
    (length > 0 || chunked) &&
    !request.is('application/json') &&
    !isFileUpload(request)
  ) {
    next(new UnsupportedMediaTypeException());
    return;
  }
  next();
}
