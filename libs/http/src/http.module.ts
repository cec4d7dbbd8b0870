import { Global, Inject, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { json, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { bodyParserException } from './body-parser.exception';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { requireJson } from './require-json.middleware';
import { requestLogging } from './logging';
import { ROOT_LOGGER } from './logging.module';

/** Largest JSON body accepted (a batch of 10,000 metric values fits). */
export const JSON_BODY_LIMIT = '8mb';

/** The request with the exact bytes of its JSON body, which signed webhooks verify their HMAC against. */
export type RequestWithRawBody = Request & { rawBody?: Buffer };

const jsonParser = json({
  limit: JSON_BODY_LIMIT,
  // Keeps a reference to the buffer body-parser already read (no copy); only signature checks use it.
  verify: (request, _response, buffer) => {
    (request as RequestWithRawBody).rawBody = buffer;
  },
});

/** Largest body the public (no sign-in) survey endpoints accept: a stranger cannot make us read 8 MB. */
export const PUBLIC_BODY_LIMIT = '256kb';
export const PUBLIC_BODY_ROUTES: readonly RegExp[] = [/^\/api\/public\//, /^\/s\//];
const publicJsonParser = json({ limit: PUBLIC_BODY_LIMIT });

/** body-parser, with its errors turned into AppExceptions here (Nest would reduce them to a bare 400). */
function parseJson(request: Request, response: Response, next: NextFunction): void {
  const path = request.originalUrl ?? request.url;
  const parser = PUBLIC_BODY_ROUTES.some((route) => route.test(path)) ? publicJsonParser : jsonParser;
  parser(request, response, (error?: unknown) => next(error ? bodyParserException(error) : undefined));
}

/**
 * The HTTP boundary: first a request's id, scope and log line, then JSON body parsing inside Nest's
 * middleware chain (so parse and size errors reach the exception filter and get the common error shape),
 * 415 for non-JSON bodies, and that filter.
 */
@Global()
@Module({ providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }] })
export class HttpModule implements NestModule {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Logger) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestLogging(this.root), requireJson, parseJson).forRoutes('*path');
  }
}
