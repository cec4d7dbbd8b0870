import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AllExceptionsFilter, AppException } from '@keyscore/http';
import { pickLocale, translate } from '@keyscore/i18n';
import { SurveyRateLimitedException } from './public-surveys.service';
import { SURVEY_PAGE_TEXTS, surveyMessagePage } from './survey-page.util';

/** A rate-limited answer says when to come back, on the page and in the JSON twin alike. */
function setRetryAfter(exception: unknown, response: Response): void {
  if (exception instanceof SurveyRateLimitedException)
    response.setHeader('Retry-After', String(exception.retryAfter));
}

/**
 * Errors of the public survey page as a page a customer can read, in their language, with the right
 * status (404 unknown or expired link, 410 already answered, 429 too many requests). Crashes keep the
 * common JSON answer and its log line.
 */
@Catch()
export class SurveyPageFilter implements ExceptionFilter {
  private readonly fallback = new AllExceptionsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    if (!(exception instanceof AppException) || exception.status >= 500) {
      this.fallback.catch(exception, host);
      return;
    }
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const locale = pickLocale(request.query?.lang as string | undefined, request.headers['accept-language']);
    setRetryAfter(exception, response);
    response
      .status(exception.status)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(
        surveyMessagePage(
          locale,
          SURVEY_PAGE_TEXTS.unavailableTitle,
          translate(exception.text, locale, exception.params),
        ),
      );
  }
}

/** The JSON twin's errors: the common JSON shape, plus Retry-After on 429. */
@Catch()
export class SurveyApiFilter implements ExceptionFilter {
  private readonly fallback = new AllExceptionsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    setRetryAfter(exception, host.switchToHttp().getResponse<Response>());
    this.fallback.catch(exception, host);
  }
}
