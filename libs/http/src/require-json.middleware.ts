import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** A body that is not JSON would reach validation as `{}`; answer 415 instead, before anything runs. */
export function requireJson(request: Request, _response: Response, next: NextFunction): void {
  const length = Number(request.headers['content-length'] ?? 0);
  const chunked = request.headers['transfer-encoding'] !== undefined;
  if (WITH_BODY.has(request.method) && (length > 0 || chunked) && !request.is('application/json')) {
    next(new UnsupportedMediaTypeException());
    return;
  }
  next();
}
