import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import {
  AppException,
  bodyParserException,
  COMMON_MESSAGES,
  CommonErrorCode,
  PUBLIC_BODY_LIMIT,
} from '@keyscore/http';
import { SurveysErrorCode, SurveysException } from './surveys.exception';

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';
/** The biggest built-in survey posts a few dozen names; this leaves room without inviting abuse. */
const MAX_FIELDS = 2000;
const formParser = urlencoded({ extended: false, limit: PUBLIC_BODY_LIMIT, parameterLimit: MAX_FIELDS });

/** body-parser's own errors as our shape: too large or too many fields 413, a foreign charset 415. */
function asAppException(error: unknown): unknown {
  const mapped = bodyParserException(error);
  if (mapped instanceof AppException) return mapped;
  const status = (error as { status?: number }).status;
  if (status === 413)
    return new AppException(
      413,
      CommonErrorCode.PayloadTooLarge,
      COMMON_MESSAGES[CommonErrorCode.PayloadTooLarge],
      [],
      {
        limit: PUBLIC_BODY_LIMIT,
      },
    );
  if (status === 415) return new SurveysException(SurveysErrorCode.UnsupportedType);
  if (status === 400)
    return new AppException(400, 'surveys.malformed_form', {
      en: 'The form data could not be read.',
      'zh-CN': '无法读取表单数据。',
    });
  return error;
}

/**
 * The body parser of the public survey page's POST: an HTML form (urlencoded, UTF-8) up to 256 KB (413
 * beyond), 415 for any other type. The JSON parser of HttpModule lets this route through (FORM_POST_ROUTES).
 */
export function parseSurveyForm(request: Request, response: Response, next: NextFunction): void {
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (!hasBody) {
    request.body = {};
    next();
    return;
  }
  if (!request.is(FORM_MEDIA_TYPE)) {
    next(new SurveysException(SurveysErrorCode.UnsupportedType));
    return;
  }
  formParser(request, response, (error?: unknown) => next(error ? asAppException(error) : undefined));
}
