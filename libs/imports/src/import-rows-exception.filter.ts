import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pickLocale, translate } from '@keyscore/i18n';
import { ImportRowsException } from './imports.exception';

/**
 * The common error shape, plus each error's `line` and `cell` (the global filter keeps pointer and message
 * only), so a rejected import says where in the spreadsheet to look.
 */
@Catch(ImportRowsException)
export class ImportRowsExceptionFilter implements ExceptionFilter {
  catch(exception: ImportRowsException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const locale = pickLocale(request.query?.lang as string | undefined, request.headers['accept-language']);
    http
      .getResponse<Response>()
      .status(exception.status)
      .json({
        statusCode: exception.status,
        code: exception.code,
        message: translate(exception.text, locale, exception.params),
        errors: exception.issues.map((issue) => ({
          pointer: issue.pointer,
          line: issue.line,
          ...(issue.cell ? { cell: issue.cell } : {}),
          message: issue.message[locale],
        })),
        ...(request.id ? { requestId: request.id } : {}),
      });
  }
}
