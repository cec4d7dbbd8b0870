import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pickLocale, translate, type Locale } from '@keyscore/i18n';
import { AppException, COMMON_MESSAGES, CommonErrorCode } from './app.exception';

/** A Chinese sentence per status for errors raised by Nest itself rather than by Keyscore. */
const ZH_STATUS_TEXT: Record<number, string> = {
  400: '请求格式不正确。',
  401: '请先登录。',
  403: '没有权限执行此操作。',
  405: '不支持此请求方法。',
  406: '无法提供所请求的格式。',
  408: '请求超时。',
  409: '请求与当前状态冲突。',
  413: '请求体过大。',
  415: '不支持的内容类型。',
  422: '请求内容不符合要求。',
  429: '请求过于频繁，请稍后再试。',
};

/**
 * What of an unexpected error goes to the log: its type, message, code and stack — never a failed query's
 * SQL or bound parameters, which can hold secrets, password hashes or sealed values.
 */
export function loggable(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: error.message.slice(0, 500),
    ...(code ? { code } : {}),
    stack: error.stack,
  };
}

/**
 * Answers every error in one shape, in the caller's language: AppException as it says; Nest's own HttpExceptions (unknown route 404…); anything
 * else 500, logged with its stack, never leaking internals to the caller.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const locale = pickLocale(request.query?.lang as string | undefined, request.headers['accept-language']);
    const app = this.toAppException(exception, request);
    if (app.status >= 500)
      this.logger.error({ err: loggable(exception), requestId: request.id }, 'unhandled error');
    response.status(app.status).json(this.body(app, locale, request.id));
  }

  private body(app: AppException, locale: Locale, requestId?: string) {
    return {
      statusCode: app.status,
      code: app.code,
      message: translate(app.text, locale, app.params),
      ...(app.errors.length
        ? { errors: app.errors.map((e) => ({ pointer: e.pointer, message: e.message[locale] })) }
        : {}),
      ...(requestId ? { requestId } : {}),
    };
  }

  private toAppException(exception: unknown, request: Request): AppException {
    if (exception instanceof AppException) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) {
        return new AppException(
          404,
          CommonErrorCode.RouteNotFound,
          COMMON_MESSAGES[CommonErrorCode.RouteNotFound],
          [],
          {
            method: request.method,
            path: request.path,
          },
        );
      }
      if (status === 415) {
        return new AppException(
          415,
          CommonErrorCode.UnsupportedMediaType,
          COMMON_MESSAGES[CommonErrorCode.UnsupportedMediaType],
        );
      }
      if (status < 500) {
        // Nest's own messages (a pipe's "numeric string is expected"…) are English only: lead with a
        // Chinese sentence for the status and keep the detail.
        const zh = `${ZH_STATUS_TEXT[status] ?? '请求无法处理。'}（${exception.message}）`;
        return new AppException(status, `http_${status}`, { en: exception.message, 'zh-CN': zh });
      }
    }
    return new AppException(500, CommonErrorCode.Internal, COMMON_MESSAGES[CommonErrorCode.Internal]);
  }
}
