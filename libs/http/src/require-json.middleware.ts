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

function isFileUpload(request: Request): boolean {
  const path = (request.originalUrl ?? request.url).split('?')[0]!.replace(/\/+$/, '');
  return FILE_UPLOAD_ROUTES.has(path);
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
