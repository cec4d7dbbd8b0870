import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { pickLocale, type Locale } from '@keyscore/i18n';

/** The caller's language: `?lang=`, else Accept-Language (as error messages pick it). */
export const RequestLocale = createParamDecorator((_data: unknown, context: ExecutionContext): Locale => {
  const request = context.switchToHttp().getRequest<Request>();
  const lang = typeof request.query?.lang === 'string' ? request.query.lang : undefined;
  return pickLocale(lang, request.headers['accept-language']);
});
