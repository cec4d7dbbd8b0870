import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { raw, type NextFunction, type Request, type Response } from 'express';
import { bodyParserException } from '@keyscore/http';
import { ImportFileException, ImportsErrorCode } from './imports.exception';
import { CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, type UploadKind } from './read-upload.util';

/** Largest file accepted for an import (10,000 rows of CSV are well under 1 MiB). */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export interface Upload {
  kind: UploadKind;
  bytes: Buffer;
}

type UploadRequest = Request & { upload?: Upload };

const rawParser = raw({ type: [CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE], limit: UPLOAD_LIMIT_BYTES });

/**
 * The body parser of the upload routes only: CSV or XLSX as raw bytes up to 10 MiB (413 beyond), 415 for
 * any other type (JSON included), 422 for an empty body.
 */
export function parseUpload(request: Request, response: Response, next: NextFunction): void {
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (!hasBody) {
    next(new ImportFileException(422, ImportsErrorCode.EmptyFile));
    return;
  }
  const kind = request.is([CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE]);
  if (!kind) {
    next(new ImportFileException(415, ImportsErrorCode.UnsupportedType, { xlsx: XLSX_MEDIA_TYPE }));
    return;
  }
  rawParser(request, response, (error?: unknown) => {
    if (error) return next(bodyParserException(error));
    const bytes: unknown = request.body;
    if (!Buffer.isBuffer(bytes) || bytes.length === 0)
      return next(new ImportFileException(422, ImportsErrorCode.EmptyFile));
    (request as UploadRequest).upload = { kind: kind === XLSX_MEDIA_TYPE ? 'xlsx' : 'csv', bytes };
    next();
  });
}

/** The uploaded file, as `parseUpload` left it. */
export const UploadedSheet = createParamDecorator((_data: unknown, context: ExecutionContext): Upload => {
  const upload = context.switchToHttp().getRequest<UploadRequest>().upload;
  if (!upload) throw new ImportFileException(422, ImportsErrorCode.EmptyFile);
  return upload;
});
